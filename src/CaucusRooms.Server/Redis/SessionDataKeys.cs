using System.Collections.Concurrent;
using CaucusRooms.Domain;
using Microsoft.AspNetCore.DataProtection;
using StackExchange.Redis;

namespace CaucusRooms.Server.Redis;

/// <summary>
/// Each session's message data key: 256 random bits, stored in Redis only wrapped by Data
/// Protection (whose key ring is in Redis too, so every node can unwrap it). Message text is
/// sealed with AES-GCM under it; deleting the wrapped key makes the session's history unreadable.
/// </summary>
internal sealed class SessionDataKeys(IConnectionMultiplexer redis, IDataProtectionProvider dataProtection)
{
    private readonly IDataProtector _wrapper = dataProtection.CreateProtector("CaucusRooms.SessionDataKey.v1");
    private readonly ConcurrentDictionary<SessionId, SealingKey> _unwrapped = new();

    /// <summary>Sealed with <see cref="Sealing"/>, bound to <paramref name="context"/> (the room, sender and message).</summary>
    public async Task<byte[]> SealAsync(SessionId session, string plaintext, string context) =>
        Sealing.Seal(await KeyAsync(session), plaintext, context);

    public async Task<string> OpenAsync(SessionId session, byte[] sealedBytes, string context) =>
        Sealing.Open(await KeyAsync(session), sealedBytes, context);

    /// <summary>Bytes (a shared document) sealed the same way, bound to <paramref name="context"/>.</summary>
    public async Task<byte[]> SealBytesAsync(SessionId session, byte[] plain, string context) =>
        Sealing.SealBytes(await KeyAsync(session), plain, context);

    /// <summary>Bytes sealed the same way, from a buffer the caller keeps (and may clear) afterwards.</summary>
    public async Task<byte[]> SealBytesAsync(SessionId session, ReadOnlyMemory<byte> plain, string context) =>
        Sealing.SealBytes(await KeyAsync(session), plain.Span, context);

    public async Task<byte[]> OpenBytesAsync(SessionId session, byte[] sealedBytes, string context) =>
        Sealing.OpenBytes(await KeyAsync(session), sealedBytes, context);

    /// <summary>
    /// Deletes the wrapped key (a purge): what was sealed with it can no longer be opened. This node's unwrapped copy and
    /// the ciphers made from it go too: a call under way fails as one under a lost key does.
    /// </summary>
    public async Task DestroyAsync(SessionId session)
    {
        await redis.GetDatabase().KeyDeleteAsync(RedisKeys.SessionDataKey(session));
        if (_unwrapped.TryRemove(session, out var key)) key.Dispose();
    }

    private async Task<SealingKey> KeyAsync(SessionId session)
    {
        if (_unwrapped.TryGetValue(session, out var known)) return known;
        var unwrapped = new SealingKey(await Sealing.StoredOrNewKeyAsync(redis.GetDatabase(), RedisKeys.SessionDataKey(session), _wrapper));
        var kept = _unwrapped.GetOrAdd(session, unwrapped);
        // Another call unwrapped it first: that copy is the one kept, this one is zeroed.
        if (!ReferenceEquals(kept, unwrapped)) unwrapped.Dispose();
        return kept;
    }
}
