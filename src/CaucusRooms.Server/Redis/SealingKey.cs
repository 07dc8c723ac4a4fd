using System.Security.Cryptography;

namespace CaucusRooms.Server.Redis;

/// <summary>
/// One unwrapped session key and the AES-GCM ciphers made from it, kept for reuse: a cipher per seal and per open was a
/// native context made, keyed and freed on every send (and a finalizable handle for the GC). An <see cref="AesGcm"/> is not
/// documented thread-safe, so each call rents one to itself and gives it back. Only this key's ciphers are ever in its pool,
/// so two sessions never share one. Disposing it (the key destroyed at a purge, or dropped with the records) frees the
/// ciphers and zeroes the key; a call after that fails as a message sealed under a lost key does.
/// </summary>
internal sealed class SealingKey : IDisposable
{
    // Enough for every thread of a busy node to hold one at once; beyond that a cipher is made for the call and freed.
    private static readonly int MostIdle = Math.Max(4, Environment.ProcessorCount * 2);

    private readonly byte[] _key;
    private readonly Stack<AesGcm> _idle = new();
    private readonly Lock _gate = new();
    private bool _disposed;

    /// <summary>Takes <paramref name="key"/> as it is (not a copy): disposing zeroes it.</summary>
    public SealingKey(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _key = key;
    }

    public void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plain, Span<byte> cipher, Span<byte> tag, ReadOnlySpan<byte> associated)
    {
        var aes = Rent();
        try { aes.Encrypt(nonce, plain, cipher, tag, associated); }
        finally { Return(aes); }
    }

    public void Decrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> cipher, ReadOnlySpan<byte> tag, Span<byte> plain, ReadOnlySpan<byte> associated)
    {
        var aes = Rent();
        try { aes.Decrypt(nonce, cipher, tag, plain, associated); }
        finally { Return(aes); }
    }

    public void Dispose()
    {
        AesGcm[] idle;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            idle = [.. _idle];
            _idle.Clear();
            // Zeroed under the lock: no cipher is made from it any more (one rented now keeps its own copy until given back).
            CryptographicOperations.ZeroMemory(_key);
        }
        foreach (var aes in idle) aes.Dispose();
    }

    private AesGcm Rent()
    {
        lock (_gate)
        {
            if (_disposed) throw new CryptographicException("The session's key was destroyed: nothing sealed with it opens, nothing is sealed with it.");
            // Made under the lock so that it can never be made from a key being zeroed.
            return _idle.TryPop(out var aes) ? aes : new AesGcm(_key, Sealing.TagBytes);
        }
    }

    private void Return(AesGcm aes)
    {
        lock (_gate)
        {
            if (!_disposed && _idle.Count < MostIdle)
            {
                _idle.Push(aes);
                return;
            }
        }
        aes.Dispose();
    }
}
