using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CaucusRooms.Redis.Tests.Nodes;

/// <summary>
/// The lifetime manager in front of the Redis backplane remembers this node's connections so a send to several of them is
/// serialized once; it must forget each one as it goes, or a node would hold every connection it ever had.
/// </summary>
[Collection(RedisTestGroup.Name)]
public sealed class LocalConnectionWritesTests(RedisFixture redis)
{
    [Fact]
    public async Task ADisconnectedConnectionIsForgotten()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSignalR().AddStackExchangeRedis(redis.Server.ConnectionString).AddLocalConnectionWrites();
        await using var provider = services.BuildServiceProvider();
        var lifetime = Assert.IsType<LocalConnectionWrites<AnyHub>>(provider.GetRequiredService<HubLifetimeManager<AnyHub>>());
        var held = provider.GetRequiredService<HeldConnections>();
        var (staying, leaving) = (Connection("staying"), Connection("leaving"));

        await lifetime.OnConnectedAsync(staying).WaitAsync(Tab.Timeout);
        await lifetime.OnConnectedAsync(leaving).WaitAsync(Tab.Timeout);
        Assert.True(held.Holds("leaving"));
        await lifetime.OnDisconnectedAsync(leaving).WaitAsync(Tab.Timeout);

        Assert.False(held.Holds("leaving"), "the node still holds a connection that went away");
        Assert.True(held.Holds("staying"));
    }

    private static HubConnectionContext Connection(string id) =>
        new(new DefaultConnectionContext(id), new HubConnectionContextOptions(), NullLoggerFactory.Instance);

    private sealed class AnyHub : Hub;
}
