using CaucusRooms.Server.Admin;
using StackExchange.Redis;

namespace CaucusRooms.Server.Redis;

/// <summary>
/// Every node's figures in Redis: a string per node that lives as long as its heartbeat key, and a
/// sorted set of node ids by their last beat, so a reader finds the live nodes without a scan.
/// </summary>
internal sealed class RedisNodeDirectory(IConnectionMultiplexer redis, NodeIdentity node, TimeProvider clock) : INodeDirectory
{
    public string NodeId => node.Id;

    public async Task PublishAsync(NodeFigures mine, CancellationToken ct = default)
    {
        var db = redis.GetDatabase();
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await Task.WhenAll(
            db.StringSetAsync(RedisKeys.NodeFigures(node.Id), RedisJson.Write(mine), NodeHeartbeat.TimeToLive),
            db.SortedSetAddAsync(RedisKeys.LiveNodes, node.Id, now),
            db.SortedSetRemoveRangeByScoreAsync(RedisKeys.LiveNodes, double.NegativeInfinity, now - NodeHeartbeat.TimeToLive.TotalMilliseconds)).WaitAsync(ct);
    }

    public async Task<IReadOnlyList<NodeFigures>> AllAsync(NodeFigures mine, CancellationToken ct = default)
    {
        var db = redis.GetDatabase();
        var since = clock.GetUtcNow().ToUnixTimeMilliseconds() - NodeHeartbeat.TimeToLive.TotalMilliseconds;
        var ids = (await db.SortedSetRangeByScoreAsync(RedisKeys.LiveNodes, since, double.PositiveInfinity).WaitAsync(ct))
            .Select(id => id.ToString()).Where(id => id != node.Id).ToList();
        var all = new List<NodeFigures> { mine };
        if (ids.Count == 0) return all;
        var values = await db.StringGetAsync([.. ids.Select(RedisKeys.NodeFigures)]).WaitAsync(ct);
        foreach (var value in values)
        {
            if (value.IsNull) continue; // stopped since: its figures went with its heartbeat
            all.Add(RedisJson.Read<NodeFigures>(value.ToString()));
        }
        return all;
    }
}
