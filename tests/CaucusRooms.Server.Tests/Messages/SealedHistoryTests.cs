using System.Text;
using CaucusRooms.Domain;
using CaucusRooms.Server.Messages;

namespace CaucusRooms.Server.Tests.Messages;

/// <summary>
/// The embedded store keeps a room's newest messages on the heap and seals older ones into the room's file: history reads
/// back exactly what was sent across that boundary, the file holds no words in clear, a purge deletes it, and the heap
/// holds a hot window and a block however many messages a room gets.
/// </summary>
public sealed class SealedHistoryTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(1));
    private static readonly ParticipantId[] NoOne = [];

    [Fact]
    public async Task HistoryAcrossTheHotWindowAndTheFileReadsBackExactlyWhatWasSent()
    {
        using var store = new InMemoryMessageStore(maxPerRoom: 10_000, hotPerRoom: 10, blockSize: 100);
        var (session, room) = (SessionId.New(), RoomId.New());
        var people = Enumerable.Range(0, 4).Select(_ => ParticipantId.New()).ToArray();
        var sent = new List<StoredMessage>();
        for (var i = 0; i < 350; i++)
        {
            // Readers differ from message to message; some carry a relay's link, a proposal's link or a kind.
            var readers = people.Where((_, k) => k == 0 || (i + k) % 3 != 0).ToArray();
            var links = (i % 4) switch
            {
                1 => new MessageLinks(SharedFrom: new SharedFromDto(Guid.NewGuid().ToString("N"), "Claimant")),
                2 => new MessageLinks(ProposalOf: Guid.NewGuid()),
                3 => new MessageLinks(Kind: MessageKinds.Announcement),
                _ => null,
            };
            var (message, _) = await store.AppendAsync(session, room, people[i % 2], $"Person {i % 2} ✓", $"client-{i}", $"words {i} — é", At.AddSeconds(i), readers, links);
            sent.Add(message);
        }

        Assert.NotNull(store.SpillFileOf(room));
        Assert.InRange(store.HotCount(room), 10, 110);
        AssertSame(sent, await store.ReadAfterAsync(room, 0, 1_000));
        // Paging in odd steps crosses every block boundary and the one between the file and the heap.
        var paged = new List<StoredMessage>();
        for (IReadOnlyList<StoredMessage> page; (page = await store.ReadAfterAsync(room, paged.Count == 0 ? 0 : paged[^1].Seq, 37)).Count > 0;) paged.AddRange(page);
        AssertSame(sent, paged);
        AssertSame(sent.Skip(95).Take(20).ToList(), await store.ReadAfterAsync(room, 95, 20));
        foreach (var i in new[] { 0, 99, 100, 250, 349 })
            AssertSame([sent[i]], [(await store.FindByIdAsync(room, sent[i].MessageId))!]);
        Assert.Null(await store.FindByIdAsync(RoomId.New(), sent[0].MessageId));
        // Idempotency keys are kept for the hot window only.
        Assert.Null(await store.FindAsync(room, people[0], "client-0"));
        Assert.Equal(sent[^1].MessageId, (await store.FindAsync(room, people[1], "client-349"))!.MessageId);
    }

    [Fact]
    public async Task TheRoomsFileHoldsNoWordsNamesOrClientIdsInClear()
    {
        using var store = new InMemoryMessageStore(hotPerRoom: 10, blockSize: 100);
        var (session, room, sender) = (SessionId.New(), RoomId.New(), ParticipantId.New());
        for (var i = 0; i < 150; i++)
            await store.AppendAsync(session, room, sender, "Avery Okafor", $"draft-{i}", $"our bottom line is forty-two thousand {i}", At, [sender]);

        var bytes = await File.ReadAllBytesAsync(store.SpillFileOf(room)!);

        Assert.True(bytes.Length > 100 * "our bottom line is forty-two thousand".Length, "the file should hold the first block");
        foreach (var clear in new[] { "bottom line", "forty-two", "Avery Okafor", "draft-1" })
            Assert.False(Contains(bytes, Encoding.UTF8.GetBytes(clear)), $"the file holds \"{clear}\" in clear");
        Assert.Contains("our bottom line is forty-two thousand 0", (await store.ReadAfterAsync(room, 0, 1)).Select(m => m.Text));
    }

    [Fact]
    public async Task APurgeDeletesTheRoomsFileAndEverythingInItButNoOtherRoomsFile()
    {
        using var store = new InMemoryMessageStore(hotPerRoom: 10, blockSize: 100);
        var (session, other) = (SessionId.New(), SessionId.New());
        var (room, otherRoom, sender) = (RoomId.New(), RoomId.New(), ParticipantId.New());
        StoredMessage? first = null;
        for (var i = 0; i < 150; i++)
        {
            var (message, _) = await store.AppendAsync(session, room, sender, "Avery", $"c{i}", $"caucus words {i}", At, [sender]);
            first ??= message;
            await store.AppendAsync(other, otherRoom, sender, "Avery", $"c{i}", $"other words {i}", At, [sender]);
        }
        var file = store.SpillFileOf(room)!;
        Assert.True(File.Exists(file));

        await store.PurgeSessionAsync(session, [room]);

        Assert.False(File.Exists(file));
        Assert.Empty(await store.ReadAfterAsync(room, 0, 1_000));
        Assert.Null(await store.FindByIdAsync(room, first!.MessageId));
        Assert.True(File.Exists(store.SpillFileOf(otherRoom)));
        Assert.Equal(150, (await store.ReadAfterAsync(otherRoom, 0, 1_000)).Count);
    }

    [Fact]
    public async Task FiftyThousandMessagesInOneRoomKeepTheHeapAtTheHotWindowAndABlockAndTheFileAtWhatTheRoomKeeps()
    {
        using var store = new InMemoryMessageStore();
        var (session, room, sender) = (SessionId.New(), RoomId.New(), ParticipantId.New());
        var mostOnTheHeap = 0;
        for (var i = 1; i <= 50_000; i++)
        {
            await store.AppendAsync(session, room, sender, "Avery", $"c{i}", $"message number {i:00000} of a long day", At, [sender]);
            mostOnTheHeap = Math.Max(mostOnTheHeap, store.HotCount(room));
        }

        Assert.InRange(mostOnTheHeap, store.HotPerRoom, store.HotPerRoom + store.BlockSize);
        var kept = await store.ReadAfterAsync(room, 0, 100_000);
        Assert.Equal(Enumerable.Range(40_001, 10_000).Select(i => (long)i), kept.Select(m => m.Seq));
        Assert.Equal("message number 40001 of a long day", kept[0].Text);
        // Dropped blocks are compacted away: the file holds about what the room keeps (10,000), not all 50,000.
        var oneMessage = HistoryBlockFormat.Encode([kept[0]]).Length;
        Assert.InRange(new FileInfo(store.SpillFileOf(room)!).Length, 5_000L * oneMessage, 25_000L * oneMessage);
    }

    [Fact]
    public async Task DisposingTheStoreRemovesItsDirectory()
    {
        var store = new InMemoryMessageStore(hotPerRoom: 10, blockSize: 100);
        var (session, room, sender) = (SessionId.New(), RoomId.New(), ParticipantId.New());
        for (var i = 0; i < 120; i++) await store.AppendAsync(session, room, sender, "Avery", $"c{i}", $"words {i}", At, [sender]);
        var directory = store.SpillDirectory!;
        Assert.StartsWith(Path.Combine(Path.GetTempPath(), $"caucusrooms-{Environment.ProcessId}-"), directory, StringComparison.Ordinal);
        Assert.True(Directory.Exists(directory));

        store.Dispose();

        Assert.False(Directory.Exists(directory));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.AppendAsync(session, room, sender, "Avery", "late", "late words", At, [sender]));
    }

    [Fact]
    public async Task ARoomThatNeverOutgrowsItsHotWindowWritesNoFile()
    {
        using var store = new InMemoryMessageStore(hotPerRoom: 10, blockSize: 100);
        var (session, room, sender) = (SessionId.New(), RoomId.New(), ParticipantId.New());
        for (var i = 0; i < 109; i++) await store.AppendAsync(session, room, sender, "Avery", $"c{i}", $"words {i}", At, [sender]);

        Assert.Null(store.SpillFileOf(room));
        Assert.Null(store.SpillDirectory);
        Assert.Equal(109, store.HotCount(room));
    }

    private static void AssertSame(List<StoredMessage> expected, IReadOnlyList<StoredMessage> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            // Records compare their readers' list by reference; the words, readers and links by value here.
            Assert.Equal(expected[i] with { Readers = NoOne }, actual[i] with { Readers = NoOne });
            Assert.Equal(expected[i].Readers, actual[i].Readers);
            Assert.Equal(expected[i].SentAt.Offset, actual[i].SentAt.Offset);
        }
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
