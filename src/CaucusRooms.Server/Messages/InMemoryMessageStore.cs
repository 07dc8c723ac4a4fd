using CaucusRooms.Domain;

namespace CaucusRooms.Server.Messages;

/// <summary>
/// The embedded default's history. Per room it keeps the most recent <see cref="MaxPerRoom"/> messages (older ones are
/// dropped), as before, but only the newest <see cref="HotPerRoom"/> (up to a block more) stay on the heap: older ones are
/// sealed in blocks of <see cref="BlockSize"/> into the room's file (<see cref="SealedHistoryFile"/>) in a directory of
/// this process, removed when the store is disposed. So the heap does not grow with the length of a run, and nothing
/// said is readable on disk without the live process.
/// Idempotency keys are kept for the hot window only (<see cref="FindAsync"/>): a client retries a send within seconds.
/// Locks: one store-wide lock for the hot windows and the keys, never held during file I/O; one lock per room for its file.
/// A message leaves the hot window only after its block is on file, so a reader always finds it in one of the two.
/// </summary>
internal sealed class InMemoryMessageStore : IMessageStore, IDisposable
{
    public const int DefaultMaxPerRoom = 10_000;
    public const int DefaultHotPerRoom = 200;
    public const int DefaultBlockSize = 100;

    private readonly Lock _gate = new();
    private readonly Dictionary<RoomId, RoomHistory> _rooms = [];
    private readonly Dictionary<(RoomId, ParticipantId, string), StoredMessage> _byClientId = [];
    private readonly Lazy<DirectoryInfo> _spillDirectory = new(() => Directory.CreateTempSubdirectory($"caucusrooms-{Environment.ProcessId}-"));
    private bool _disposed;

    /// <param name="maxPerRoom">Messages kept per room, on the heap and on file together.</param>
    /// <param name="hotPerRoom">Messages kept per room on the heap (at most <paramref name="maxPerRoom"/>; a block more while the next one fills).</param>
    /// <param name="blockSize">Messages sealed together as one block of the room's file.</param>
    public InMemoryMessageStore(int maxPerRoom = DefaultMaxPerRoom, int hotPerRoom = DefaultHotPerRoom, int blockSize = DefaultBlockSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPerRoom);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hotPerRoom);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockSize);
        MaxPerRoom = maxPerRoom;
        HotPerRoom = Math.Min(hotPerRoom, maxPerRoom);
        BlockSize = blockSize;
    }

    public int MaxPerRoom { get; }

    public int HotPerRoom { get; }

    public int BlockSize { get; }

    /// <summary>The directory of the rooms' files, once one was written.</summary>
    internal string? SpillDirectory => _spillDirectory.IsValueCreated ? _spillDirectory.Value.FullName : null;

    /// <summary>How many messages of the room are on the heap now.</summary>
    internal int HotCount(RoomId room)
    {
        lock (_gate) return _rooms.TryGetValue(room, out var history) ? history.Hot.Count : 0;
    }

    /// <summary>The room's file, if older messages of it were written to one.</summary>
    internal string? SpillFileOf(RoomId room)
    {
        RoomHistory? history;
        lock (_gate) history = _rooms.GetValueOrDefault(room);
        if (history is null) return null;
        lock (history.FileGate) return history.File?.Path;
    }

    public Task<(StoredMessage Message, bool IsNew)> AppendAsync(
        SessionId session, RoomId room, ParticipantId sender, string senderName, string clientMessageId, string text,
        DateTimeOffset sentAt, IReadOnlyList<ParticipantId> readers, MessageLinks? links = null, CancellationToken ct = default)
    {
        StoredMessage message;
        RoomHistory? history;
        List<StoredMessage>? block = null;
        long keptAfter;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_byClientId.TryGetValue((room, sender, clientMessageId), out var earlier)) return Task.FromResult((earlier, false));
            if (!_rooms.TryGetValue(room, out history)) _rooms[room] = history = new RoomHistory();
            message = new StoredMessage(Guid.NewGuid(), session, room, ++history.LastSeq, sender, senderName, clientMessageId, text, sentAt, [.. readers], links?.SharedFrom, links?.ProposalOf, links?.Kind);
            history.Hot.Add(message);
            _byClientId[(room, sender, clientMessageId)] = message;
            keptAfter = history.LastSeq - MaxPerRoom;
            if (!history.Spilling && history.Hot.Count >= HotPerRoom + BlockSize)
            {
                history.Spilling = true;
                block = history.Hot.GetRange(0, BlockSize);
            }
        }
        // The one block write each BlockSize appends, outside the store-wide lock.
        if (block is not null) Spill(room, history, block, keptAfter);
        return Task.FromResult((message, true));
    }

    /// <summary>The first ack of an earlier send with this client message id, if that send is still in the hot window (the newest <see cref="HotPerRoom"/> messages of the room at least).</summary>
    public Task<StoredMessage?> FindAsync(RoomId room, ParticipantId sender, string clientMessageId, CancellationToken ct = default)
    {
        lock (_gate) return Task.FromResult(_byClientId.GetValueOrDefault((room, sender, clientMessageId)));
    }

    /// <summary>The message with that id in the room's hot window, else in its file, newest blocks first.</summary>
    public Task<StoredMessage?> FindByIdAsync(RoomId room, Guid messageId, CancellationToken ct = default)
    {
        RoomHistory? history;
        long keptAfter;
        lock (_gate)
        {
            if (!_rooms.TryGetValue(room, out history)) return Task.FromResult<StoredMessage?>(null);
            if (history.Hot.Find(m => m.MessageId == messageId) is { } hot) return Task.FromResult<StoredMessage?>(hot);
            keptAfter = history.LastSeq - MaxPerRoom;
        }
        // Not in the hot window now: then it left it, which it did only once its block was on file.
        lock (history.FileGate)
        {
            var found = history.File?.Find(messageId);
            return Task.FromResult(found is not null && found.Seq > keptAfter ? found : null);
        }
    }

    public Task PurgeSessionAsync(SessionId session, IReadOnlyList<RoomId> rooms, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        var purged = new List<RoomHistory>();
        lock (_gate)
        {
            foreach (var room in rooms)
            {
                if (!_rooms.Remove(room, out var history)) continue;
                foreach (var m in history.Hot) _byClientId.Remove((room, m.Sender, m.ClientMessageId));
                purged.Add(history);
            }
        }
        foreach (var history in purged) Close(history);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<StoredMessage>> ReadAfterAsync(RoomId room, long afterSeq, int max, CancellationToken ct = default)
    {
        RoomHistory? history;
        List<StoredMessage> hot;
        long after, hotFirst;
        lock (_gate)
        {
            if (!_rooms.TryGetValue(room, out history) || max <= 0) return Task.FromResult<IReadOnlyList<StoredMessage>>([]);
            after = Math.Max(afterSeq, history.LastSeq - MaxPerRoom);
            var list = history.Hot;
            hotFirst = list.Count > 0 ? list[0].Seq : history.LastSeq + 1;
            if (after + 1 >= hotFirst)
            {
                // Seq n sits at index n - (seq of the oldest on the heap).
                var start = (int)Math.Min(after + 1 - hotFirst, list.Count);
                return Task.FromResult<IReadOnlyList<StoredMessage>>(list.GetRange(start, Math.Min(max, list.Count - start)));
            }
            hot = list.GetRange(0, Math.Min(max, list.Count));
        }
        // Older than the hot window: every such message left it after its block was on file, so the file has it now.
        var page = new List<StoredMessage>(Math.Min(max, HotPerRoom + BlockSize));
        lock (history.FileGate) history.File?.ReadBetween(after, hotFirst, max, page);
        foreach (var m in hot)
        {
            if (page.Count >= max) break;
            page.Add(m);
        }
        return Task.FromResult<IReadOnlyList<StoredMessage>>(page);
    }

    /// <summary>Deletes every room's file and the directory, and forgets the keys.</summary>
    public void Dispose()
    {
        List<RoomHistory> all;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            all = [.. _rooms.Values];
            _rooms.Clear();
            _byClientId.Clear();
        }
        foreach (var history in all) Close(history);
        if (_spillDirectory.IsValueCreated) _spillDirectory.Value.Delete(recursive: true);
    }

    private void Spill(RoomId room, RoomHistory history, List<StoredMessage> block, long keptAfter)
    {
        var written = false;
        try
        {
            lock (history.FileGate)
            {
                if (!history.Closed)
                {
                    // A block already older than what the room keeps is not written: it only leaves the heap.
                    if (block[^1].Seq > keptAfter)
                    {
                        history.File ??= new SealedHistoryFile(Path.Combine(_spillDirectory.Value.FullName, $"{room}.history"), room);
                        history.File.Append(block);
                    }
                    history.File?.DropThrough(keptAfter);
                }
                written = true;
            }
        }
        catch (IOException)
        {
            // A full or failing disk: the block stays on the heap (see below); the send itself is stored and goes on.
        }
        catch (UnauthorizedAccessException)
        {
            // As above: the temp directory was taken away from this process.
        }
        finally
        {
            lock (_gate)
            {
                history.Spilling = false;
                // Only now does the block leave the heap (if the write failed, it stays there and a later append tries again).
                if (written)
                {
                    history.Hot.RemoveRange(0, block.Count);
                    foreach (var m in block)
                        if (_byClientId.TryGetValue((room, m.Sender, m.ClientMessageId), out var kept) && ReferenceEquals(kept, m))
                            _byClientId.Remove((room, m.Sender, m.ClientMessageId));
                }
                else if (history.Hot.Count > MaxPerRoom + Math.Max(1, MaxPerRoom / 10))
                {
                    // While nothing can be written, the heap keeps at most what the room keeps, as the store did before it had files.
                    var dropped = history.Hot.Count - MaxPerRoom;
                    foreach (var old in history.Hot.Take(dropped)) _byClientId.Remove((room, old.Sender, old.ClientMessageId));
                    history.Hot.RemoveRange(0, dropped);
                }
            }
        }
    }

    private static void Close(RoomHistory history)
    {
        lock (history.FileGate)
        {
            history.Closed = true;
            history.File?.Dispose();
            history.File = null;
        }
    }

    private sealed class RoomHistory
    {
        /// <summary>The newest messages, oldest first, consecutive seqs (under the store-wide lock).</summary>
        public List<StoredMessage> Hot { get; } = [];

        public long LastSeq { get; set; }

        /// <summary>A block of the hot window is being written (under the store-wide lock).</summary>
        public bool Spilling { get; set; }

        /// <summary>Guards <see cref="File"/> and <see cref="Closed"/>.</summary>
        public Lock FileGate { get; } = new();

        public SealedHistoryFile? File { get; set; }

        /// <summary>Purged or disposed: nothing is written for this room any more.</summary>
        public bool Closed { get; set; }
    }
}
