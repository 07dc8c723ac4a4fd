namespace CaucusRooms.Server.Tests.Accounts;

public sealed class AccountTests(HubServerFixture server) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task AWrongPasswordGets401AndARightOneAStrictHttpOnlyCookie()
    {
        using var browser = server.NewBrowser();

        using var wrong = await browser.PostSignInAsync(HubServerFixture.MediatorName, "guess");
        using var unknown = await browser.PostSignInAsync("nobody", "guess");
        using var right = await browser.PostSignInAsync(HubServerFixture.MediatorName, HubServerFixture.Password);

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        var cookie = Assert.Single(right.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        var me = await browser.GetFromJsonAsync<MeResponse>("/api/me");
        Assert.Equal(("Account", "Mediator", HubServerFixture.MediatorName), (me!.Kind, me.Role, me.Name));
    }

    [Fact]
    public async Task AfterLogoutTheCookieNoLongerSignsIn()
    {
        await using var maria = new Person(server, "maria");
        await maria.SignInAsync(HubServerFixture.MediatorName, HubServerFixture.Password);

        using var logout = await maria.Browser.PostAsync("/api/auth/logout", null);
        using var me = await maria.Browser.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }

    [Fact]
    public async Task InTheEmbeddedModeACopyOfTheCookieTakenBeforeLogoutStillSignsInAndOpenHubConnectionsStayOpen()
    {
        await using var m = await Mediation.OpenAsync(server);
        var copy = new CookieContainer();
        copy.Add(m.Mediator.Cookies.GetCookies(server.BaseAddress));

        using var logout = await m.Mediator.Browser.PostAsync("/api/auth/logout", null);
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        using var mine = await m.Mediator.Browser.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, mine.StatusCode);

        // The cookie is self-contained: the copy signs in until it expires, on HTTP and on the hub.
        using var copied = new HttpClient(new HttpClientHandler { CookieContainer = copy }) { BaseAddress = server.BaseAddress, Timeout = Tab.Timeout };
        using var me = await copied.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        await using var tab = await Tab.OpenAsync(server.BaseAddress, m.SessionId, copy, "copied cookie");
        Assert.Equal(m.MediatorTab.LastState!.ParticipantId, (await tab.Hub.GetState()).ParticipantId);
        // Logout does not close connections opened before it: they end when the sign-in runs out.
        await m.MediatorTab.BarrierAsync();
    }

    [Fact]
    public async Task AnAdminCannotOpenReadOrJoinASession()
    {
        await using var m = await Mediation.OpenAsync(server);
        await using var ada = new Person(server, "ada");
        await ada.SignInAsync(HubServerFixture.AdminName, HubServerFixture.Password);

        using var create = await ada.Browser.PostAsJsonAsync("/api/sessions", new CreateSessionRequest("x", ["A", "B"], null));
        using var read = await ada.Browser.GetAsync($"/api/sessions/{m.SessionId}");

        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => ada.OpenTabAsync(m.SessionId));
    }

    [Fact]
    public async Task AnonymousCallersGetNothing()
    {
        await using var m = await Mediation.OpenAsync(server);
        using var browser = server.NewBrowser();

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync($"/api/sessions/{m.SessionId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.PostAsJsonAsync("/api/sessions", new CreateSessionRequest("x", ["A", "B"], null))).StatusCode);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => Tab.OpenAsync(server.BaseAddress, m.SessionId, new CookieContainer(), "anonymous"));
        // The hub's endpoint itself refuses them, before any hub code runs.
        using var negotiate = await browser.PostAsync($"/hubs/session/negotiate?sessionId={m.SessionId}&negotiateVersion=1", null);
        Assert.Equal(HttpStatusCode.Unauthorized, negotiate.StatusCode);
    }

    [Fact]
    public async Task AHubRequestFromAForeignOriginIsRefused()
    {
        await using var m = await Mediation.OpenAsync(server);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/hubs/session/negotiate?sessionId={m.SessionId}&negotiateVersion=1");
        request.Headers.Add("Origin", "https://evil.example");
        using var sameOrigin = new HttpRequestMessage(HttpMethod.Post, $"/hubs/session/negotiate?sessionId={m.SessionId}&negotiateVersion=1");
        sameOrigin.Headers.Add("Origin", server.BaseAddress.GetLeftPart(UriPartial.Authority));

        using var foreign = await m.Mediator.Browser.SendAsync(request);
        using var own = await m.Mediator.Browser.SendAsync(sameOrigin);

        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }
}
