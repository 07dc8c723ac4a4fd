using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.Audit;
using Microsoft.AspNetCore.DataProtection;
using StackExchange.Redis;

namespace CaucusRooms.Server.Redis;

/// <summary>
/// Each session's content-free audit trail as a Redis list; an entry's seq is its position. Its audit key is
/// stored only wrapped by Data Protection, beside the trail, and deleted with it.
/// </summary>
internal sealed class RedisAuditStore(IConnectionMultiplexer redis, IDataProtectionProvider dataProtection) : IAuditStore
{
    private readonly IDataProtector _wrapper = dataProtection.CreateProtector("CaucusRooms.AuditKey.v1");

    private IDatabase Db => redis.GetDatabase();

    public async Task<byte[]> KeyAsync(SessionId session, CancellationToken ct = default)
    {
        var name = RedisKeys.SessionAuditKey(session);
        // Two nodes may race to make it: the first write wins and both use that one.
        await Db.StringSetAsync(name, _wrapper.Protect(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)), when: When.NotExists);
        await Db.SetAddAsync(RedisKeys.AuditedSessions, session.ToString());
        return _wrapper.Unprotect((byte[])(await Db.StringGetAsync(name))!);
    }

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
            await Db.KeyDeleteAsync([RedisKeys.SessionAudit(session), RedisKeys.SessionAuditKey(session)]);
            await Db.SetRemoveAsync(RedisKeys.AuditedSessions, id);
            if (trail.Count > 0) deleted++;
        }
        return deleted;
    }
}
