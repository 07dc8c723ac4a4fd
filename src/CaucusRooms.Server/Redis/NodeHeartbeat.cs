using CaucusRooms.Server.Admin;
using CaucusRooms.Server.Infrastructure;
using StackExchange.Redis;

namespace CaucusRooms.Server.Redis;

/// <summary>
/// Keeps this node's liveness key fresh and listens for other nodes asking it to close a
/// connection. If the key lapsed (Redis was away too long or lost it), other nodes may have
/// dropped this node's connections from the registry: those connections are closed so their
/// clients reconnect and get their entitlements afresh, never stale groups.
/// </summary>
internal sealed class NodeHeartbeat(
    IConnectionMultiplexer redis, NodeIdentity node, RedisConnectionRegistry registry, HealthFigures figures, INodeDirectory directory, ILogger<NodeHeartbeat> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(10);

    private bool _subscribed;

    /// <summary>The first beat before the node serves anyone, so other nodes never take its connections for dead.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await BeatAsync(first: true);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken)) await BeatAsync(first: false);
    }

    private async Task BeatAsync(bool first)
    {
        try
        {
            if (!_subscribed)
            {
                await redis.GetSubscriber().SubscribeAsync(RedisKeys.CloseConnectionChannel, (_, id) => registry.CloseLocal(id.ToString()));
                _subscribed = true;
            }
            var previous = await redis.GetDatabase().StringSetAndGetAsync(RedisKeys.Node(node.Id), 1, TimeToLive);
            if (previous.IsNull && !first && registry.Local.Count > 0)
            {
                Log.NodeLapsed(logger, registry.Local.Count);
                foreach (var connection in registry.Local) connection.Context?.Abort();
            }
            else if (!first && await registry.CloseUnregisteredAsync() is > 0 and var closed)
            {
                Log.UnregisteredConnectionsClosed(logger, closed);
            }
        }
        catch (RedisException e)
        {
            Log.RedisCallFailed(logger, "node heartbeat", e);
        }
        await PublishFiguresAsync();
    }

    // The content-free figures every node's admin view shows; they lapse with the heartbeat.
    private async Task PublishFiguresAsync()
    {
        try
        {
            await directory.PublishAsync(await figures.ThisNodeAsync());
        }
        // A key ring that cannot unwrap the opaque-id key must not stop the heartbeat: the figures wait.
        catch (Exception e) when (StoreOutage.IsOutage(e) || e is System.Security.Cryptography.CryptographicException)
        {
            Log.RedisCallFailed(logger, "node figures", e);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // A node that stops leaves the other nodes' admin views at once, not when its figures lapse.
        var db = redis.GetDatabase();
        try { await Task.WhenAll(db.KeyDeleteAsync(RedisKeys.Node(node.Id)), db.KeyDeleteAsync(RedisKeys.NodeFigures(node.Id)), db.SortedSetRemoveAsync(RedisKeys.LiveNodes, node.Id)); }
        catch (RedisException) { }
    }
}
