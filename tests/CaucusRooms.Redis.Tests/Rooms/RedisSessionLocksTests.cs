using System.Diagnostics;
using CaucusRooms.Domain;
using CaucusRooms.Server.Redis;
using CaucusRooms.Server.SessionState;
using Microsoft.Extensions.Logging.Abstractions;

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

    [Fact]
    public async Task AHolderSlowerThanItsLeaseKeepsTheLockBecauseTheLeaseIsRenewedWhileHeld()
    {
        var (node1, node2, session) = (Node(ShortLease), Node(ShortLease), SessionId.New());
        var held = await node1.AcquireAsync(session).WaitAsync(Timeout);

        // Three leases long: without renewal node 2 would get the lock after the first.
        var other = node2.AcquireAsync(session);
        await SessionLocksContractTests.AssertStillWaitingAsync(other, ShortLease * 3, "Node 2 took the lock while node 1 still held it.");
        var ttl = await redis.Connection.GetDatabase().KeyTimeToLiveAsync(RedisKeys.SessionLock(session));
        Assert.InRange(ttl!.Value, TimeSpan.FromMilliseconds(1), ShortLease);

        held.Dispose();
        (await other.WaitAsync(Timeout)).Dispose();
    }

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
