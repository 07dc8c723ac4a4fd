using CaucusRooms.Server.Admin;
using CaucusRooms.Server.Infrastructure;
using StackExchange.Redis;

namespace CaucusRooms.Server.Redis;

/// <summary>
/// Keeps this node's liveness key fresh and listens for other nodes asking it to close a
/// connection. If the key lapsed (Redis was away too long or lost it), other nodes may have
/// dropped this node's connections from the registry: those connections are closed so their
/// clients reconnect and get their entitlements afresh, never stale groups.
/// Two loops: the beat alone, on the node's liveness connection (<see cref="NodeLiveness"/>), so nothing the node
/// does holds it back; and the sweep (connections the registry no longer lists, the admin figures) on the shared
/// connection, which may take as long as a busy Redis makes it take.
/// </summary>
internal sealed class NodeHeartbeat(
    IConnectionMultiplexer redis, NodeLiveness liveness, NodeIdentity node, RedisConnectionRegistry registry, HealthFigures figures, INodeDirectory directory,
    ILogger<NodeHeartbeat> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(10);

    private bool _subscribed;

    /// <summary>
    /// After a failed beat the next comes after 1 s, then every 2 s: backing off further would let
    /// the key lapse (and close every connection of this node) sooner than Redis coming back would.
    /// </summary>
    private static readonly LoopTiming Timing = new(Interval, Interval, TimeSpan.FromSeconds(1));

    /// <summary>
    /// The first beat before the node serves anyone, so other nodes never take its connections for dead.
    /// With Redis away the node starts all the same (<c>/readyz</c> says it is not ready) and beats once Redis is back.
    /// </summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await BeatAsync(first: true);
        }
        catch (Exception e) when (StoreOutage.IsOutage(e))
        {
            Log.RedisCallFailed(logger, "first node heartbeat", e);
        }
        await base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.WhenAll(
        BackgroundLoop.RunAsync("node heartbeat", _ => BeatAsync(first: false), Timing, TimeProvider.System, logger, stoppingToken),
        BackgroundLoop.RunAsync("node sweep", _ => SweepAsync(), Timing, TimeProvider.System, logger, stoppingToken));

    private async Task BeatAsync(bool first)
    {
        var previous = await liveness.Db.StringSetAndGetAsync(RedisKeys.Node(node.Id), 1, TimeToLive);
        if (previous.IsNull && !first && registry.Local.Count > 0)
        {
            Log.NodeLapsed(logger, registry.Local.Count);
            foreach (var connection in registry.Local) connection.Context?.Abort();
        }
        if (first) await SweepAsync(first: true);
    }

    private async Task SweepAsync(bool first = false)
    {
        if (!_subscribed)
        {
            await redis.GetSubscriber().SubscribeAsync(RedisKeys.CloseConnectionChannel, (_, id) => registry.CloseLocal(id.ToString()));
            _subscribed = true;
        }
        if (!first && await registry.CloseUnregisteredAsync() is > 0 and var closed)
            Log.UnregisteredConnectionsClosed(logger, closed);
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
        catch (Exception e) when (StoreOutage.IsOutage(e))
        {
            // The keys lapse by themselves within their time to live.
            Log.RedisCallFailed(logger, "node heartbeat removal", e);
        }
    }
}
