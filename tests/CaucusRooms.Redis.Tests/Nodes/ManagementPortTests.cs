using System.Globalization;
using System.Net;

namespace CaucusRooms.Redis.Tests.Nodes;

/// <summary>A node started as operators start it (ASPNETCORE_URLS) with Metrics:Port listens on both ports.</summary>
[Collection(RedisTestGroup.Name)]
public sealed class ManagementPortTests(RedisFixture redis)
{
    [Fact]
    public async Task ANodeWithAMetricsPortServesTheServiceOnItsUrlAndMetricsOnlyOnTheManagementPort()
    {
        var metricsPort = RedisServer.FreePort();
        await using var node = await ServerNode.StartAsync(redis.Server.ConnectionString, new Dictionary<string, string>
        {
            ["Metrics:Port"] = metricsPort.ToString(CultureInfo.InvariantCulture),
        });
        using var http = new HttpClient { Timeout = Tab.Timeout };

        using var scraped = await http.GetAsync(new Uri($"http://127.0.0.1:{metricsPort}/metrics"));
        using var onServicePort = await http.GetAsync(new Uri(node.BaseAddress, "metrics"));
        using var ready = await http.GetAsync(new Uri(node.BaseAddress, "readyz"));

        Assert.True(scraped.StatusCode == HttpStatusCode.OK, node.Output);
        Assert.Contains("# TYPE", await scraped.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, onServicePort.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }
}
