using System.Collections.Concurrent;
using System.Security.Cryptography;
using CaucusRooms.Domain;
using Microsoft.AspNetCore.DataProtection;
using StackExchange.Redis;

namespace CaucusRooms.Server.Redis;

/// <summary>
/// Each session's records key — its audit key: 256 random bits, stored in Redis only wrapped by Data Protection,
/// and deleted with the audit trail when <c>Retention:Audit</c> runs out (not at the purge of the messages). It keys
/// the hashes of relayed words and, through a subkey, seals what the records need after close: the audit entries'
/// names and details and the session snapshot (title, sides, names, typed names, agreement text).
/// </summary>
internal sealed class SessionRecordKeys(IConnectionMultiplexer redis, IDataProtectionProvider dataProtection)
{
    // The purpose the audit key has always been wrapped with: keys stored before sealing still open.
    private readonly IDataProtector _wrapper = dataProtection.CreateProtector("CaucusRooms.AuditKey.v1");
    private readonly ConcurrentDictionary<SessionId, (byte[] Audit, SealingKey Seal)> _unwrapped = new();

    private IDatabase Db => redis.GetDatabase();

    /// <summary>The audit key itself (for the keyed hashes of words), made on first use.</summary>
    public async Task<byte[]> AuditKeyAsync(SessionId session) => (await KeysAsync(session, create: true))!.Value.Audit;

    /// <summary>Sealed under the session's sealing subkey (made on first use), bound to <paramref name="context"/>.</summary>
    public async Task<byte[]> SealAsync(SessionId session, string plaintext, string context) =>
        Sealing.Seal((await KeysAsync(session, create: true))!.Value.Seal, plaintext, context);

    /// <summary>
    /// Sealed as <see cref="SealAsync"/> seals, or null when the session's key is gone (its records were dropped): for what
    /// the session already has, so a late write never makes a dropped session a records key again.
    /// </summary>
    public async Task<byte[]?> SealIfKeptAsync(SessionId session, string plaintext, string context) =>
        await KeysAsync(session, create: false) is { } keys ? Sealing.Seal(keys.Seal, plaintext, context) : null;

    /// <summary>Null when the session's key is gone (its records were dropped): what was sealed with it stays shut.</summary>
    public async Task<string?> OpenAsync(SessionId session, byte[] sealedBytes, string context) =>
        await KeysAsync(session, create: false) is { } keys ? Sealing.Open(keys.Seal, sealedBytes, context) : null;

    /// <summary>Forgets this node's unwrapped copy once the wrapped key was deleted (with the trail).</summary>
    public void Forget(SessionId session)
    {
        if (!_unwrapped.TryRemove(session, out var keys)) return;
        CryptographicOperations.ZeroMemory(keys.Audit);
        keys.Seal.Dispose();
    }

    private async Task<(byte[] Audit, SealingKey Seal)?> KeysAsync(SessionId session, bool create)
    {
        if (_unwrapped.TryGetValue(session, out var known)) return known;
        byte[] audit;
        if (create)
        {
            audit = await Sealing.StoredOrNewKeyAsync(Db, RedisKeys.SessionAuditKey(session), _wrapper);
            // So the retention sweep finds the key even before the trail's first entry.
            await Db.SetAddAsync(RedisKeys.AuditedSessions, session.ToString());
        }
        else
        {
            var wrapped = await Db.StringGetAsync(RedisKeys.SessionAuditKey(session));
            if (wrapped.IsNull) return null;
            audit = _wrapper.Unprotect((byte[])wrapped!);
        }
        // A separate key for sealing: the audit key itself only ever keys HMACs.
        var seal = new SealingKey(HKDF.DeriveKey(HashAlgorithmName.SHA256, audit, 32, salt: [], info: "CaucusRooms.RecordsSeal.v1"u8.ToArray()));
        var kept = _unwrapped.GetOrAdd(session, (audit, seal));
        // Another call unwrapped it first: that copy is the one kept, this one is zeroed.
        if (!ReferenceEquals(kept.Seal, seal))
        {
            CryptographicOperations.ZeroMemory(audit);
            seal.Dispose();
        }
        return kept;
    }
}
