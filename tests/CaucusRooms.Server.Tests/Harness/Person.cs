using System.Net;
using System.Net.Http.Json;
using CaucusRooms.Contracts;

namespace CaucusRooms.Server.Tests.Harness;

/// <summary>One person with their own browser (cookie jar): a mediator account or an invitee.</summary>
public sealed class Person : IAsyncDisposable
{
    private readonly ServerFixture _server;
    private readonly List<Tab> _tabs = [];

    public Person(ServerFixture server, string name)
    {
        _server = server;
        Name = name;
        Browser = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, UseCookies = true })
        {
            BaseAddress = server.BaseAddress,
            Timeout = TimeSpan.FromSeconds(15),
        };
    }

    public string Name { get; }
    public CookieContainer Cookies { get; } = new();
    public HttpClient Browser { get; }
    public string ParticipantId { get; set; } = "";
    public string InviteCode { get; set; } = "";

    /// <summary>Opens one hub connection (a browser tab) to the session.</summary>
    public async Task<Tab> OpenTabAsync(string sessionId)
    {
        var tab = await Tab.OpenAsync(_server.BaseAddress, sessionId, Cookies, Name);
        _tabs.Add(tab);
        return tab;
    }

    public async Task SignInAsync(string userName, string password)
    {
        using var response = await Browser.PostAsJsonAsync("/api/auth/login", new LoginRequest(userName, password));
        response.EnsureSuccessStatusCode();
    }

    public async Task<HttpResponseMessage> RedeemAsync(string code) =>
        await Browser.PostAsJsonAsync("/api/invites/redeem", new RedeemRequest(code));

    public async Task AcceptAgreementAsync(string sessionId)
    {
        using var response = await Browser.PostAsJsonAsync($"/api/sessions/{sessionId}/agreement/accept", new AcceptAgreementRequest(Name));
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var tab in _tabs) await tab.DisposeAsync();
        Browser.Dispose();
    }
}
