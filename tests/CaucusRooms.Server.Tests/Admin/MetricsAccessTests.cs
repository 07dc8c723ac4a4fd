using System.Net.Sockets;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace CaucusRooms.Server.Tests.Admin;

/// <summary>By default /metrics is for admins only, on the service's own port.</summary>
public sealed class MetricsAccessTests(HubServerFixture server) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task AnonymousCallersPartiesAndMediatorsAreRefusedMetricsAndAnAdminGetsThem()
    {
        await using var m = await Mediation.OpenAsync(server);
        var party = await m.InviteAsync("Pat", "Party", "Claimant");
        // Something to count (a fresh server has recorded nothing yet): a refused relay.
        Assert.Equal("NotEntitled", await Refused.ReasonOf(() => m.MediatorTab.Hub.RelaySignal(Guid.NewGuid().ToString(), "{}")));
        await using var ada = new Person(server, "ada");
        await ada.SignInAsync(HubServerFixture.AdminName, HubServerFixture.Password);
        using var anonymous = server.NewBrowser();

        using var byAnonymous = await anonymous.GetAsync(new Uri("/metrics", UriKind.Relative));
        using var byParty = await party.Browser.GetAsync(new Uri("/metrics", UriKind.Relative));
        using var byMediator = await m.Mediator.Browser.GetAsync(new Uri("/metrics", UriKind.Relative));
        using var byAdmin = await ada.Browser.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, byAnonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byParty.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byMediator.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);
        Assert.Contains("caucus_operations_refused", await byAdmin.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

/// <summary>With Metrics:Port, /metrics is served on that management port only, and the port serves nothing else.</summary>
public sealed class MetricsPortTests(MetricsPortServerFixture server) : IClassFixture<MetricsPortServerFixture>
{
    [Fact]
    public async Task TheManagementPortServesMetricsWithoutSignInAndTheServicePortNeverServesThem()
    {
        await using var m = await Mediation.OpenAsync(server);
        // Something to count: a refused relay.
        Assert.Equal("NotEntitled", await Refused.ReasonOf(() => m.MediatorTab.Hub.RelaySignal(Guid.NewGuid().ToString(), "{}")));
        await using var ada = new Person(server, "ada");
        await ada.SignInAsync(HubServerFixture.AdminName, HubServerFixture.Password);
        using var scraper = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.MetricsPort}/"), Timeout = TimeSpan.FromSeconds(15) };

        using var scraped = await scraper.GetAsync(new Uri("/metrics", UriKind.Relative));
        using var appOnManagementPort = await scraper.GetAsync(new Uri("/api/me", UriKind.Relative));
        using var homeOnManagementPort = await scraper.GetAsync(new Uri("/", UriKind.Relative));
        using var byAdminOnServicePort = await ada.Browser.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.NotEqual(server.MetricsPort, server.BaseAddress.Port);
        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        Assert.Contains("caucus_operations_refused", await scraped.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, appOnManagementPort.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, homeOnManagementPort.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, byAdminOnServicePort.StatusCode);
    }
}

/// <summary>The hub server with a management port for /metrics (Metrics:Port), on a second free port of 127.0.0.1.</summary>
public sealed class MetricsPortServerFixture : HubServerFixture
{
    public int MetricsPort { get; } = FreePort();

    protected override IReadOnlyDictionary<string, string?> MoreSettings => new Dictionary<string, string?>
    {
        ["Metrics:Port"] = MetricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    protected override void Listen(KestrelServerOptions kestrel)
    {
        base.Listen(kestrel);
        kestrel.Listen(IPAddress.Loopback, MetricsPort);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
