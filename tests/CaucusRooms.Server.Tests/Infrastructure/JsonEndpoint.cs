using System.Text;

namespace CaucusRooms.Server.Tests.Infrastructure;

/// <summary>One JSON endpoint of docs/protocol.md, with a browser allowed to call it and a body it accepts.</summary>
public sealed record JsonEndpoint(string Path, HttpClient Browser, string ValidBody)
{
    /// <summary>Every endpoint that reads a JSON body, each called by someone who passes its sign-in and authorization checks.</summary>
    public static async Task<IReadOnlyList<JsonEndpoint>> AllAsync(Mediation m, HttpClient anonymous)
    {
        ArgumentNullException.ThrowIfNull(m);
        var invitee = await m.InviteAsync("Pat", "Party", "Claimant");
        return
        [
            new("/api/auth/login", anonymous, $$"""{"userName":"{{HubServerFixture.MediatorName}}","password":"{{HubServerFixture.Password}}"}"""),
            new("/api/sessions", m.Mediator.Browser, """{"title":"Charset v. Kestrel","sides":["Claimant","Respondent"]}"""),
            new($"/api/sessions/{m.SessionId}/invites", m.Mediator.Browser, """{"displayName":"Quinn","role":"Party","side":"Claimant"}"""),
            new("/api/invites/redeem", anonymous, """{"code":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}"""),
            new($"/api/sessions/{m.SessionId}/agreement/accept", invitee.Browser, """{"typedName":"Pat"}"""),
        ];
    }

    /// <summary>Posts <paramref name="body"/> with exactly this Content-Type header (unvalidated, as any client could send it), or none.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient browser, string path, byte[] body, string? contentType)
    {
        ArgumentNullException.ThrowIfNull(browser);
        using var content = new ByteArrayContent(body);
        if (contentType is not null) Assert.True(content.Headers.TryAddWithoutValidation("Content-Type", contentType));
        return await browser.PostAsync(new Uri(path, UriKind.Relative), content).WaitAsync(TimeSpan.FromSeconds(15));
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient browser, string path, string body, string? contentType) =>
        PostAsync(browser, path, Encoding.UTF8.GetBytes(body), contentType);

    /// <summary>A refusal of the documented shape: a 4xx and <c>{ error, message }</c>, both filled in.</summary>
    public static async Task<ErrorResponse> RefusalAsync(HttpResponseMessage response, string what)
    {
        ArgumentNullException.ThrowIfNull(response);
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status is >= 400 and < 500, $"{what}: {status} {text}");
        Assert.True(text.Length > 0, $"{what}: {status} with no body");
        var refusal = System.Text.Json.JsonSerializer.Deserialize<ErrorResponse>(text, System.Text.Json.JsonSerializerOptions.Web);
        Assert.False(string.IsNullOrWhiteSpace(refusal?.Error), $"{what}: no error in {text}");
        Assert.False(string.IsNullOrWhiteSpace(refusal?.Message), $"{what}: no message in {text}");
        return refusal!;
    }
}
