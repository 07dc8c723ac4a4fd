using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.Audit;
using StackExchange.Redis;

namespace CaucusRooms.Server.Redis;

/// <summary>
/// Each session's content-free audit trail as a Redis list; an entry's seq is its position. Kinds, ids, times and
/// keyed hashes are readable; the names, room labels and details are sealed with the session's records key, which
/// lives as long as the trail (not the message data key the purge destroys), so the trail reads back after close.
/// </summary>
internal sealed class RedisAuditStore(IConnectionMultiplexer redis, SessionRecordKeys keys) : IAuditStore
{
    private IDatabase Db => redis.GetDatabase();

    public Task<byte[]> KeyAsync(SessionId session, CancellationToken ct = default) => keys.AuditKeyAsync(session);

    /// <summary>An entry that is no session change (a guard's decision, a purge); a change's entry is stored with it by <see cref="RedisSessionStore"/>.</summary>
    public async Task AppendAsync(SessionId session, AuditEntryDto entry, CancellationToken ct = default)
    {
        var stored = await EncodeAsync(keys, session, entry);
        await Db.ListRightPushAsync(RedisKeys.SessionAudit(session), stored);
        await Db.SetAddAsync(RedisKeys.AuditedSessions, session.ToString());
    }

    /// <summary>The entry as the trail's list holds it: kinds, ids, time and hashes readable, the names sealed with the session's records key.</summary>
    internal static async Task<RedisValue> EncodeAsync(SessionRecordKeys keys, SessionId session, AuditEntryDto entry)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(entry);
        var names = RedisJson.Write(new Names(entry.ActorName, entry.TargetName, entry.From, entry.To, entry.Detail));
        var stored = new Stored(entry.At, entry.Kind, entry.ActorId, entry.TargetId, entry.ItemId, entry.WordsHmac, null);
        stored = stored with { Sealed = await keys.SealAsync(session, names, Context(session, stored)) };
        return RedisJson.Write(stored);
    }

    public async Task<IReadOnlyList<AuditEntryDto>> ReadAsync(SessionId session, CancellationToken ct = default)
    {
        var trail = new List<AuditEntryDto>();
        foreach (var e in await StoredAsync(session))
        {
            // Without the key (dropped with the trail a moment ago) the entry keeps its kind, ids and time only.
            var names = e.Sealed is { } s && await keys.OpenAsync(session, s, Context(session, e)) is { } json
                ? RedisJson.Read<Names>(json)
                : new Names(null, null, null, null, null);
            trail.Add(new AuditEntryDto(trail.Count + 1, e.At, e.Kind, e.ActorId, names.ActorName, e.TargetId, names.TargetName,
                names.From, names.To, e.ItemId, names.Detail, e.WordsHmac));
        }
        return trail;
    }

    /// <summary>Drops the trail, its key and with it the session's sealed snapshot, which nothing can open any more.</summary>
    public async Task<int> DeleteClosedBeforeAsync(DateTimeOffset cutoff, CancellationToken ct = default)
    {
        var deleted = 0;
        foreach (var id in await Db.SetMembersAsync(RedisKeys.AuditedSessions))
        {
            if (!Guid.TryParse(id.ToString(), out var g)) continue;
            var session = new SessionId(g);
            var trail = await StoredAsync(session);
            // A key without a trail yet belongs to a session being opened: its snapshot is sealed with it.
            if (trail.Count == 0 && await Db.KeyExistsAsync(RedisKeys.SessionAuditKey(session))) continue;
            if (trail.Count > 0 && (!trail.Any(e => e.Kind == "SessionClosed") || trail[^1].At >= cutoff)) continue;
            await Db.KeyDeleteAsync([RedisKeys.SessionAudit(session), RedisKeys.SessionAuditKey(session), RedisKeys.Session(session)]);
            await Db.SetRemoveAsync(RedisKeys.AuditedSessions, id);
            keys.Forget(session);
            if (trail.Count > 0) deleted++;
        }
        return deleted;
    }

    private async Task<List<Stored>> StoredAsync(SessionId session) =>
        [.. (await Db.ListRangeAsync(RedisKeys.SessionAudit(session))).Select(e => RedisJson.Read<Stored>(e.ToString()))];

    // Binds the sealed names to their entry: moved to another entry or session, they do not open.
    private static string Context(SessionId session, Stored e) =>
        $"audit|{session}|{e.Kind}|{e.At.UtcTicks}|{e.ActorId}|{e.TargetId}|{e.ItemId}|{e.WordsHmac}";

    private sealed record Stored(DateTimeOffset At, string Kind, string? ActorId, string? TargetId, string? ItemId, string? WordsHmac, byte[]? Sealed);

    private sealed record Names(string? ActorName, string? TargetName, string? From, string? To, string? Detail);
}
