using CaucusRooms.Domain;
using CaucusRooms.Server.Audit;
using StackExchange.Redis;

namespace CaucusRooms.Server.Redis;

/// <summary>
/// Due purges in one sorted set (score: when it is next due); a Lua script claims the due ones by moving their score past
/// the lease, so each goes to one node at a time, and one that was never completed comes due again.
/// </summary>
internal sealed class RedisPurgeSchedule(IConnectionMultiplexer redis) : IPurgeSchedule
{
    private const string ClaimScript = """
        local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[3])
        for _, member in ipairs(due) do redis.call('ZADD', KEYS[1], 'XX', ARGV[2], member) end
        return due
        """;

    private IDatabase Db => redis.GetDatabase();

    public Task ScheduleAsync(DuePurge purge, CancellationToken ct = default) =>
        Db.SortedSetAddAsync(RedisKeys.DuePurges, Member(purge), purge.Due.ToUnixTimeMilliseconds());

    public async Task<IReadOnlyList<DuePurge>> ClaimDueAsync(DateTimeOffset now, TimeSpan lease, int max, CancellationToken ct = default)
    {
        var claimed = (RedisResult[])(await Db.ScriptEvaluateAsync(ClaimScript, [RedisKeys.DuePurges],
            [now.ToUnixTimeMilliseconds(), (now + lease).ToUnixTimeMilliseconds(), max]))!;
        return [.. claimed.Select(c => RedisJson.Read<Entry>(c.ToString())).Select(e => new DuePurge(new SessionId(e.Session), [.. e.Rooms.Select(r => new RoomId(r))], e.Due))];
    }

    public Task CompleteAsync(DuePurge purge, CancellationToken ct = default) => Db.SortedSetRemoveAsync(RedisKeys.DuePurges, Member(purge));

    private static string Member(DuePurge purge)
    {
        ArgumentNullException.ThrowIfNull(purge);
        return RedisJson.Write(new Entry(purge.Session.Value, [.. purge.Rooms.Select(r => r.Value)], purge.Due));
    }

    private sealed record Entry(Guid Session, Guid[] Rooms, DateTimeOffset Due);
}
