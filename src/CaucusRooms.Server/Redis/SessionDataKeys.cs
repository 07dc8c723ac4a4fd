using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
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
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly IDataProtector _wrapper = dataProtection.CreateProtector("CaucusRooms.SessionDataKey.v1");
    private readonly ConcurrentDictionary<SessionId, byte[]> _unwrapped = new();

    /// <summary>nonce | tag | ciphertext, bound to <paramref name="context"/> (the room, sender and message).</summary>
    public async Task<byte[]> SealAsync(SessionId session, string plaintext, string context)
    {
        var key = await KeyAsync(session);
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var sealedBytes = new byte[NonceBytes + TagBytes + plain.Length];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagBytes);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), Encoding.UTF8.GetBytes(context));
        return sealedBytes;
    }

    public async Task<string> OpenAsync(SessionId session, byte[] sealedBytes, string context)
    {
        ArgumentNullException.ThrowIfNull(sealedBytes);
        var key = await KeyAsync(session);
        var plain = new byte[sealedBytes.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(key, TagBytes);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), plain, Encoding.UTF8.GetBytes(context));
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>Deletes the wrapped key (a purge): what was sealed with it can no longer be opened.</summary>
    public async Task DestroyAsync(SessionId session)
    {
        await redis.GetDatabase().KeyDeleteAsync(RedisKeys.SessionDataKey(session));
        if (_unwrapped.TryRemove(session, out var key)) CryptographicOperations.ZeroMemory(key);
    }

    private async Task<byte[]> KeyAsync(SessionId session)
    {
        if (_unwrapped.TryGetValue(session, out var known)) return known;
        var db = redis.GetDatabase();
        var name = RedisKeys.SessionDataKey(session);
        var wrapped = await db.StringGetAsync(name);
        if (wrapped.IsNull)
        {
            // Two nodes may race to create it: the first write wins and both use that one.
            await db.StringSetAsync(name, _wrapper.Protect(RandomNumberGenerator.GetBytes(32)), when: When.NotExists);
            wrapped = await db.StringGetAsync(name);
        }
        return _unwrapped.GetOrAdd(session, _wrapper.Unprotect((byte[])wrapped!));
    }
}
