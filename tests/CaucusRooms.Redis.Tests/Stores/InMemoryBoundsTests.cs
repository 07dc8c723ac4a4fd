namespace CaucusRooms.Redis.Tests.Stores;

/// <summary>The embedded default keeps its memory bounded by a stated policy, however long it runs.</summary>
public sealed class InMemoryBoundsTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ARoomKeepsItsMostRecentMessagesAndDropsOlderOnesWithTheirIdempotencyKeys()
    {
        var store = new InMemoryMessageStore(maxPerRoom: 100);
        var (session, room, sender) = (SessionId.New(), RoomId.New(), ParticipantId.New());

        for (var i = 1; i <= 1_000; i++) await store.AppendAsync(session, room, sender, "Alex", $"c{i}", $"text {i}", At, [sender]);

        var kept = await store.ReadAfterAsync(room, 0, 10_000);
        Assert.InRange(kept.Count, 100, 110);
        Assert.Equal(1_000, kept[^1].Seq);
        Assert.Equal(Enumerable.Range(1_001 - kept.Count, kept.Count).Select(i => (long)i), kept.Select(m => m.Seq));
        Assert.Equal(["text 996", "text 997", "text 998", "text 999", "text 1000"], (await store.ReadAfterAsync(room, 995, 10)).Select(m => m.Text));
        Assert.Null(await store.FindAsync(room, sender, "c1"));
        Assert.NotNull(await store.FindAsync(room, sender, "c1000"));
        var (next, isNew) = await store.AppendAsync(session, room, sender, "Alex", "c1001", "after the cap", At, [sender]);
        Assert.True(isNew);
        Assert.Equal(1_001, next.Seq);
    }

    [Fact]
    public async Task TheLockTableHoldsOnlySessionsThatAreBusyNow()
    {
        var locks = new SessionLocks();
        var busy = SessionId.New();

        for (var i = 0; i < 1_000; i++)
        {
            using var _ = await locks.AcquireAsync(SessionId.New());
        }
        var holder = await locks.AcquireAsync(busy);
        var waiter = locks.AcquireAsync(busy);
        Assert.Equal(1, locks.Count);
        Assert.False(waiter.IsCompleted);
        holder.Dispose();
        (await waiter.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();

        Assert.Equal(0, locks.Count);
    }
}
