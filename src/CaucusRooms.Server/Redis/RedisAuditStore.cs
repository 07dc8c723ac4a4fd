using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.Audit;
using StackExchange.Redis;

namespace CaucusRooms.Server.Redis;

/// <summary>Each session's content-free audit trail as a Redis list; an entry's seq is its position.</summary>
internal sealed class RedisAuditStore(IConnectionMultiplexer redis) : IAuditStore
{
    private IDatabase Db => redis.GetDatabase();

    public async Task AppendAsync(SessionId session, AuditEntryDto entry, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await Db.ListRightPushAsync(RedisKeys.SessionAudit(session), RedisJson.Write(entry with { Seq = 0 }));
        await Db.SetAddAsync(RedisKeys.AuditedSessions, session.ToString());
    }

    public async Task<IReadOnlyList<AuditEntryDto>> ReadAsync(SessionId session, CancellationToken ct = default)
    {
        var entries = await Db.ListRangeAsync(RedisKeys.SessionAudit(session));
        return [.. entries.Select((e, i) => RedisJson.Read<AuditEntryDto>(e.ToString()) with { Seq = i + 1 })];
    }

    public async Task<int> DeleteClosedBeforeAsync(DateTimeOffset cutoff, CancellationToken ct = default)
    {
        var deleted = 0;
        foreach (var id in await Db.SetMembersAsync(RedisKeys.AuditedSessions))
        {
            if (!Guid.TryParse(id.ToString(), out var g)) continue;
            var session = new SessionId(g);
            var trail = await ReadAsync(session, ct);
            if (trail.Count > 0 && (!trail.Any(e => e.Kind == "SessionClosed") || trail[^1].At >= cutoff)) continue;
            await Db.KeyDeleteAsync(RedisKeys.SessionAudit(session));
            await Db.SetRemoveAsync(RedisKeys.AuditedSessions, id);
            if (trail.Count > 0) deleted++;
        }
        return deleted;
    }
}
