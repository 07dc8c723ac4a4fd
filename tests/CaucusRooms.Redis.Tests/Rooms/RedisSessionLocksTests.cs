using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CaucusRooms.Redis.Tests.Rooms;

[Collection(RedisTestGroup.Name)]
public sealed class RedisSessionLocksContractTests(RedisFixture redis) : SessionLocksContractTests
{
    internal override ISessionLocks Locks { get; } = new RedisSessionLocks(redis.Connection, TimeProvider.System, NullLogger<RedisSessionLocks>.Instance);
}

/// <summary>Across nodes (one instance each, with their own local queues) and across time (the lease).</summary>
[Collection(RedisTestGroup.Name)]
public sealed class RedisSessionLocksAcrossNodesTests(RedisFixture redis)
{
    private static readonly TimeSpan ShortLease = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private RedisSessionLocks Node(TimeSpan? lease = null) => new(redis.Connection, TimeProvider.System, NullLogger<RedisSessionLocks>.Instance, lease);

    /// <summary>
    /// A slow holder keeps the lock because each renewal sets the lease back to a whole lease. The renewals'
    /// timer is driven by the test's clock, so a loaded machine cannot starve them; only Redis' own clock runs.
    /// </summary>
    [Fact]
    public async Task EachRenewalSetsTheLeaseBackToAWholeLeaseWhileHeld()
    {
        var lease = TimeSpan.FromSeconds(5);
        var renewals = new FakeTimeProvider();
        var node = new RedisSessionLocks(redis.Connection, renewals, NullLogger<RedisSessionLocks>.Instance, lease);
        var (session, db) = (SessionId.New(), redis.Connection.GetDatabase());
        using var held = await node.AcquireAsync(session).WaitAsync(Timeout);

        // The lease runs down…
        var left = await TimeToLiveAsync(db, session, ttl => ttl < lease - TimeSpan.FromMilliseconds(500));
        Assert.True(left < lease - TimeSpan.FromMilliseconds(500), $"the lease did not run down: {left}");

        // …until the renewal comes.
        renewals.Advance(lease / 4);
        var renewed = await TimeToLiveAsync(db, session, ttl => ttl > left + TimeSpan.FromMilliseconds(300));
        Assert.True(renewed > left + TimeSpan.FromMilliseconds(300), $"the renewal did not extend the lease: {left} before, {renewed} after");
    }

    /// <summary>The lock key's time to live once <paramref name="until"/> holds, or the last one read within 4 s (less than a lease).</summary>
    private static Task<TimeSpan?> TimeToLiveAsync(StackExchange.Redis.IDatabase db, SessionId session, Func<TimeSpan?, bool> until) =>
        Eventually.ValueAsync(() => db.KeyTimeToLiveAsync(RedisKeys.SessionLock(session)), until, TimeSpan.FromSeconds(4), TimeSpan.FromMilliseconds(20));

    [Fact]
    public async Task ALockLeftByACrashedHolderIsFreedWhenItsLeaseRunsOut()
    {
        var session = SessionId.New();
        // A holder that stopped renewing (its process died): the key with its last lease, 1 s.
        await redis.Connection.GetDatabase().LockTakeAsync(RedisKeys.SessionLock(session), "crashed-holder", ShortLease);
        var clock = Stopwatch.StartNew();

        using var held = await Node().AcquireAsync(session).WaitAsync(Timeout);

        Assert.InRange(clock.Elapsed, ShortLease * 0.5, RedisSessionLocks.MaxWait);
        Assert.NotEqual("crashed-holder", (string?)await redis.Connection.GetDatabase().StringGetAsync(RedisKeys.SessionLock(session)));
    }

    [Fact]
    public async Task AHolderWhoseLeaseWentToAnotherReleasesNothingOfTheOthers()
    {
        var session = SessionId.New();
        var db = redis.Connection.GetDatabase();
        var held = await Node().AcquireAsync(session).WaitAsync(Timeout);
        // Its lease ran out and another node took the lock since.
        await db.StringSetAsync(RedisKeys.SessionLock(session), "another holder", RedisSessionLocks.DefaultLease);

        held.Dispose();

        // The release goes out fire-and-forget; a read on the same connection comes after it.
        Assert.Equal("another holder", (string?)await db.StringGetAsync(RedisKeys.SessionLock(session)));
    }

    [Fact]
    public async Task ReleasingFreesTheLockAtOnceForAWaiterOnAnotherNode()
    {
        var (node1, node2, session) = (Node(), Node(), SessionId.New());
        var held = await node1.AcquireAsync(session).WaitAsync(Timeout);
        var other = node2.AcquireAsync(session);

        held.Dispose();

        // A release that never reached Redis would keep node 2 waiting for the whole 8 s lease.
        (await other.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
        Assert.False(await redis.Connection.GetDatabase().KeyExistsAsync(RedisKeys.SessionLock(session)));
    }
}
