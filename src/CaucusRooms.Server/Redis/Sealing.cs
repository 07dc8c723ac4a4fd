using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using StackExchange.Redis;

namespace CaucusRooms.Server.Redis;

/// <summary>AES-256-GCM with a random nonce: the one sealed form of text and bytes in Redis, bound to a context string.</summary>
internal static class Sealing
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    /// <summary>nonce | tag | ciphertext; opens only with the same key and <paramref name="context"/>.</summary>
    public static byte[] Seal(byte[] key, string plaintext, string context) => SealBytes(key, Encoding.UTF8.GetBytes(plaintext), context);

    public static string Open(byte[] key, byte[] sealedBytes, string context) => Encoding.UTF8.GetString(OpenBytes(key, sealedBytes, context));

    /// <summary>The sealed form of bytes (a shared document): the same nonce | tag | ciphertext.</summary>
    public static byte[] SealBytes(byte[] key, ReadOnlySpan<byte> plain, string context)
    {
        var sealedBytes = new byte[NonceBytes + TagBytes + plain.Length];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagBytes);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), Encoding.UTF8.GetBytes(context));
        return sealedBytes;
    }

    public static byte[] OpenBytes(byte[] key, byte[] sealedBytes, string context)
    {
        ArgumentNullException.ThrowIfNull(sealedBytes);
        var plain = new byte[sealedBytes.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(key, TagBytes);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), plain, Encoding.UTF8.GetBytes(context));
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
