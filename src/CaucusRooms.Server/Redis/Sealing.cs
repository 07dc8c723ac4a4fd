using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using StackExchange.Redis;

namespace CaucusRooms.Server.Redis;

/// <summary>AES-256-GCM with a random nonce: the one sealed form of text and bytes in Redis, bound to a context string.</summary>
internal static class Sealing
{
    public const int TagBytes = 16;
    private const int NonceBytes = 12;
    // A context this long or shorter (every one we bind to is) is encoded on the stack, not into a new array per call.
    private const int StackContextBytes = 512;

    /// <summary>nonce | tag | ciphertext; opens only with the same key and <paramref name="context"/>.</summary>
    public static byte[] Seal(SealingKey key, string plaintext, string context)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(plaintext.Length));
        try { return SealBytes(key, rented.AsSpan(0, Encoding.UTF8.GetBytes(plaintext, rented)), context); }
        finally { ArrayPool<byte>.Shared.Return(rented, clearArray: true); }
    }

    public static string Open(SealingKey key, byte[] sealedBytes, string context) => Encoding.UTF8.GetString(OpenBytes(key, sealedBytes, context));

    /// <summary>The sealed form of bytes (a shared document, a message's JSON): the same nonce | tag | ciphertext.</summary>
    public static byte[] SealBytes(SealingKey key, ReadOnlySpan<byte> plain, string context)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(context);
        var sealedBytes = new byte[NonceBytes + TagBytes + plain.Length];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        byte[]? rented = null;
        var max = Encoding.UTF8.GetMaxByteCount(context.Length);
        Span<byte> associated = max <= StackContextBytes ? stackalloc byte[StackContextBytes] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            associated = associated[..Encoding.UTF8.GetBytes(context, associated)];
            key.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), associated);
        }
        finally { if (rented is not null) ArrayPool<byte>.Shared.Return(rented); }
        return sealedBytes;
    }

    public static byte[] OpenBytes(SealingKey key, byte[] sealedBytes, string context)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(sealedBytes);
        ArgumentNullException.ThrowIfNull(context);
        if (sealedBytes.Length < NonceBytes + TagBytes) throw new CryptographicException("A sealed value is shorter than its nonce and tag.");
        var plain = new byte[sealedBytes.Length - NonceBytes - TagBytes];
        byte[]? rented = null;
        var max = Encoding.UTF8.GetMaxByteCount(context.Length);
        Span<byte> associated = max <= StackContextBytes ? stackalloc byte[StackContextBytes] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            associated = associated[..Encoding.UTF8.GetBytes(context, associated)];
            key.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), plain, associated);
        }
        finally { if (rented is not null) ArrayPool<byte>.Shared.Return(rented); }
        return plain;
    }

    /// <summary>The 256-bit key stored wrapped at <paramref name="name"/>, made on first use.</summary>
    public static async Task<byte[]> StoredOrNewKeyAsync(IDatabase db, RedisKey name, IDataProtector wrapper)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(wrapper);
        var wrapped = await db.StringGetAsync(name);
        if (wrapped.IsNull)
        {
            // Two nodes may race to create it: the first write wins and both use that one.
            await db.StringSetAsync(name, wrapper.Protect(RandomNumberGenerator.GetBytes(32)), when: When.NotExists);
            wrapped = await db.StringGetAsync(name);
        }
        return wrapper.Unprotect((byte[])wrapped!);
    }
}
