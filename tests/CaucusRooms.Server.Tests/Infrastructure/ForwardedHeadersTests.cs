using Microsoft.AspNetCore.Mvc.Testing;

namespace CaucusRooms.Server.Tests.Infrastructure;

/// <summary>The service behind a proxy on 127.0.0.1 that it is told to believe (where the test client connects from).</summary>
public sealed class BehindAProxyServerFixture : ServerFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } =
        TestSettings.Accounts().Set("Hosting:ForwardedHeaders:KnownProxies:0", "127.0.0.1").ToDictionary();
}

/// <summary>The service with no proxy configured: forwarded headers are nobody's word.</summary>
public sealed class NoProxyServerFixture : ServerFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = TestSettings.Accounts().ToDictionary();
}

/// <summary>Forwarded headers count only from the configured proxies: then limits are per client and links use the client's scheme.</summary>
public sealed class ForwardedHeadersTests(BehindAProxyServerFixture server) : IClassFixture<BehindAProxyServerFixture>
{
    [Fact]
    public async Task SignInLimitsCountPerClientBehindTheProxy()
    {
        var first = await WrongSignInsAsync(server, "203.0.113.7", 31);
        var other = await WrongSignInsAsync(server, "203.0.113.8", 1);

        Assert.Equal(HttpStatusCode.TooManyRequests, first[^1]);
        Assert.Equal([HttpStatusCode.Unauthorized], other);
    }

    [Fact]
    public async Task AnInviteMadeThroughAnHttpsProxyCarriesAnHttpsLink()
    {
        await using var m = await Mediation.OpenAsync(server);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{m.SessionId}/invites") { Content = JsonContent.Create(new InviteRequest("Alice", "Party", "Claimant")) };
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");

        using var response = await m.Mediator.Browser.SendAsync(request);
        var plain = await (await m.Mediator.Browser.PostAsJsonAsync($"/api/sessions/{m.SessionId}/invites", new InviteRequest("Bob", "Party", "Respondent"))).Content.ReadFromJsonAsync<InviteResponse>();

        Assert.StartsWith("https://", (await response.Content.ReadFromJsonAsync<InviteResponse>())!.InviteUrl, StringComparison.Ordinal);
        Assert.StartsWith("http://", plain!.InviteUrl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABadProxyAddressStopsTheStartWithASentenceNamingTheSetting()
    {
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("Hosting:ForwardedHeaders:KnownProxies:0", "nginx.local"));

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("Hosting:ForwardedHeaders:KnownProxies has \"nginx.local\", which is not an IP address.", error.ToString(), StringComparison.Ordinal);
    }

    internal static async Task<List<HttpStatusCode>> WrongSignInsAsync(ServerFixture server, string client, int count)
    {
        using var browser = server.NewBrowser();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new LoginRequest(HubServerFixture.MediatorName, "guess")) };
            request.Headers.Add("X-Forwarded-For", client);
            using var response = await browser.SendAsync(request);
            statuses.Add(response.StatusCode);
        }
        return statuses;
    }
}

/// <summary>Without a configured proxy, a client cannot dodge its limit by claiming another address.</summary>
public sealed class ForwardedHeadersIgnoredTests(NoProxyServerFixture server) : IClassFixture<NoProxyServerFixture>
{
    [Fact]
    public async Task AForwardedAddressFromAnUnknownSenderIsIgnored()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 31; i++) statuses.AddRange(await ForwardedHeadersTests.WrongSignInsAsync(server, $"198.51.100.{i + 1}", 1));

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }
}
