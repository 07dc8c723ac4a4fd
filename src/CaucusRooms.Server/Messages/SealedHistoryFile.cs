using System.Buffers;
using System.Security.Cryptography;
using CaucusRooms.Domain;
using Microsoft.Win32.SafeHandles;

namespace CaucusRooms.Server.Messages;

/// <summary>
/// A room's older messages out of the heap: blocks of messages, each sealed with AES-256-GCM under a key made for this
/// room in this process and never written anywhere, appended to one file. Without the live process the file is as
/// unreadable as the memory it stands in for; <see cref="Dispose"/> deletes it and forgets the key (a purge).
/// The heap keeps one index entry per block, not per message. Blocks that fell out of what the room keeps are dropped from
/// the index, and the file is compacted once they fill more of it than the kept ones, so the disk stays bounded too.
/// Not thread-safe: the caller holds its room's lock around every call.
/// </summary>
internal sealed class SealedHistoryFile(string path, RoomId room) : IDisposable
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private const long CompactFromBytes = 256 * 1024;

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly List<Block> _blocks = [];
    private SafeFileHandle? _file;
    private long _end;
    private bool _disposed;

    public string Path => path;

    public int BlockCount => _blocks.Count;

    /// <summary>Seals the messages (oldest first, consecutive seqs) as one block at the end of the file.</summary>
    public void Append(IReadOnlyList<StoredMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var plain = HistoryBlockFormat.Encode(messages);
        var sealedBytes = new byte[NonceBytes + TagBytes + plain.Length];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(_key, TagBytes))
            aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), Context(messages[0].Seq));
        _file ??= File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read);
        RandomAccess.Write(_file, sealedBytes, _end);
        _blocks.Add(new Block(messages[0].Seq, messages[^1].Seq, _end, sealedBytes.Length));
        _end += sealedBytes.Length;
    }

    /// <summary>Adds the messages with a seq above <paramref name="after"/> and below <paramref name="before"/>, oldest first, until <paramref name="into"/> holds <paramref name="max"/>.</summary>
    public void ReadBetween(long after, long before, int max, List<StoredMessage> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        foreach (var block in _blocks)
        {
            if (into.Count >= max || block.FirstSeq >= before) return;
            if (block.LastSeq <= after) continue;
            foreach (var m in Open(block))
            {
                if (m.Seq <= after) continue;
                if (m.Seq >= before || into.Count >= max) return;
                into.Add(m);
            }
        }
    }

    /// <summary>The message with that id, looking in the newest blocks first.</summary>
    public StoredMessage? Find(Guid messageId)
    {
        for (var i = _blocks.Count - 1; i >= 0; i--)
            if (Open(_blocks[i]).Find(m => m.MessageId == messageId) is { } found) return found;
        return null;
    }

    /// <summary>Forgets the blocks whose messages all have a seq of <paramref name="seq"/> or below; compacts the file when they filled most of it.</summary>
    public void DropThrough(long seq)
    {
        var dropped = 0;
        while (dropped < _blocks.Count && _blocks[dropped].LastSeq <= seq) dropped++;
        _blocks.RemoveRange(0, dropped);
        if (_file is null) return;
        var dead = _blocks.Count == 0 ? _end : _blocks[0].Offset;
        var live = _end - dead;
        if (dead < CompactFromBytes || dead < live) return;
        // Move the kept blocks to the front of the file: the write position stays behind the read position, so a chunk is read before it is overwritten.
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            for (long moved = 0; moved < live;)
            {
                var n = RandomAccess.Read(_file, buffer.AsSpan(0, (int)Math.Min(buffer.Length, live - moved)), dead + moved);
                if (n == 0) throw new IOException($"The history file {path} ended before its index did.");
                RandomAccess.Write(_file, buffer.AsSpan(0, n), moved);
                moved += n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        RandomAccess.SetLength(_file, live);
        for (var i = 0; i < _blocks.Count; i++) _blocks[i] = _blocks[i] with { Offset = _blocks[i].Offset - dead };
        _end = live;
    }

    /// <summary>Deletes the file and forgets the key: what was sealed under it can no longer be opened by anyone.</summary>
    public void Dispose()
    {
        _disposed = true;
        CryptographicOperations.ZeroMemory(_key);
        _blocks.Clear();
        _file?.Dispose();
        _file = null;
        File.Delete(path);
    }

    private List<StoredMessage> Open(Block block)
    {
        var sealedBytes = new byte[block.Length];
        if (RandomAccess.Read(_file!, sealedBytes, block.Offset) != sealedBytes.Length) throw new IOException($"The history file {path} ended inside a block.");
        var plain = new byte[block.Length - NonceBytes - TagBytes];
        using (var aes = new AesGcm(_key, TagBytes))
            aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), plain, Context(block.FirstSeq));
        return HistoryBlockFormat.Decode(plain);
    }

    // Bound to the room and the block's first seq: a block cannot be passed off as another room's or another place's.
    private byte[] Context(long firstSeq)
    {
        var context = new byte[24];
        room.Value.TryWriteBytes(context);
        BitConverter.TryWriteBytes(context.AsSpan(16), firstSeq);
        return context;
    }

    private readonly record struct Block(long FirstSeq, long LastSeq, long Offset, int Length);
}
