namespace CaucusRooms.Redis.Tests.Rooms;

/// <summary>What every per-session lock must do, written once; each implementation runs it through a two-line subclass.</summary>
public abstract class SessionLocksContractTests
{
    /// <summary>How long a waiter that must not get the lock is given to get it anyway.</summary>
    protected static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(300);

    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    internal abstract ISessionLocks Locks { get; }

    /// <summary>Gives <paramref name="waiter"/> <paramref name="grace"/> to get a lock it must not get.</summary>
    internal static async Task AssertStillWaitingAsync(Task<IDisposable> waiter, TimeSpan grace, string failure)
    {
        ArgumentNullException.ThrowIfNull(waiter);
        await Task.WhenAny(waiter, Task.Delay(grace));
        Assert.False(waiter.IsCompleted, failure);
    }

    [Fact]
    public async Task ASecondCallerWaitsForTheHolderAndGetsTheLockWhenItIsReleased()
    {
        var session = SessionId.New();
        var first = await Locks.AcquireAsync(session).WaitAsync(Timeout);

        var second = Locks.AcquireAsync(session);
        await AssertStillWaitingAsync(second, Grace, "The lock was given to a second caller while held.");

        first.Dispose();
        (await second.WaitAsync(Timeout)).Dispose();
    }

    [Fact]
    public async Task LocksOfDifferentSessionsDoNotWaitForEachOther()
    {
        using var one = await Locks.AcquireAsync(SessionId.New()).WaitAsync(Timeout);
        using var other = await Locks.AcquireAsync(SessionId.New()).WaitAsync(Timeout);
    }

    [Fact]
    public async Task ReleasingTwiceReleasesOnce()
    {
        var session = SessionId.New();
        var first = await Locks.AcquireAsync(session).WaitAsync(Timeout);
        first.Dispose();
        var second = await Locks.AcquireAsync(session).WaitAsync(Timeout);

        first.Dispose();
        var third = Locks.AcquireAsync(session);
        await AssertStillWaitingAsync(third, Grace, "A second release of an old holder freed the lock of the current one.");

        second.Dispose();
        (await third.WaitAsync(Timeout)).Dispose();
    }

    [Fact]
    public async Task ManyConcurrentCallersHoldTheLockOneAtATime()
    {
        var session = SessionId.New();
        var inside = 0;
        var overlaps = 0;
        var rounds = 0;

        // Bounded: 40 callers, one short hold each.
        await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(async () =>
        {
            using var held = await Locks.AcquireAsync(session).WaitAsync(Timeout);
            if (Interlocked.Increment(ref inside) > 1) Interlocked.Increment(ref overlaps);
            await Task.Yield();
            Interlocked.Increment(ref rounds);
            Interlocked.Decrement(ref inside);
        }))).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal((40, 0), (rounds, overlaps));
    }

    [Fact]
    public async Task AWaitForTheChangesHereEndsWhenTheHolderHereReleasesAndTakesNothing()
    {
        var session = SessionId.New();
        Assert.False(await Locks.WaitWhileHeldHereAsync(session).WaitAsync(Timeout), "nobody held the lock, yet the wait said someone did");
        var holder = await Locks.AcquireAsync(session).WaitAsync(Timeout);

        var waiting = Locks.WaitWhileHeldHereAsync(session);
        await Task.WhenAny(waiting, Task.Delay(Grace));
        Assert.False(waiting.IsCompleted, "The wait for the changes here ended while the lock was held.");

        holder.Dispose();
        Assert.True(await waiting.WaitAsync(Timeout));
        // The waiter left the lock free: the next caller gets it at once.
        (await Locks.AcquireAsync(session).WaitAsync(Timeout)).Dispose();
    }

    [Fact]
    public async Task AWaiterThatGivesUpDoesNotGetOrKeepTheLock()
    {
        var session = SessionId.New();
        var first = await Locks.AcquireAsync(session).WaitAsync(Timeout);
        using var cancel = new CancellationTokenSource();

        var gaveUp = Locks.AcquireAsync(session, cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gaveUp.WaitAsync(Timeout));

        first.Dispose();
        (await Locks.AcquireAsync(session).WaitAsync(Timeout)).Dispose();
    }
}

public sealed class InMemorySessionLocksContractTests : SessionLocksContractTests
{
    internal override ISessionLocks Locks { get; } = new SessionLocks();
}
