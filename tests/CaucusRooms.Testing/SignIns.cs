using System.Net.Http.Json;
using CaucusRooms.Contracts;

namespace CaucusRooms.Testing;

/// <summary>The sign-in request of docs/protocol.md as a browser sends it, for tests that look at the answer.</summary>
public static class SignIns
{
    public static Task<HttpResponseMessage> PostSignInAsync(this HttpClient browser, string userName, string password)
    {
        ArgumentNullException.ThrowIfNull(browser);
        return browser.PostAsJsonAsync("api/auth/login", new LoginRequest(userName, password));
    }
}
