using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace CaucusRooms.Redis.Tests.Stores;

/// <summary>
/// A node reads a session it already holds in one command and opens nothing: the same stored state answers the same
/// instance. Anything else answers exactly what a first read would: a change stored by another node is read afresh, a
/// state put back under the same version is opened again, and once the records are dropped the session is gone.
/// Judged on what the real redis-server ran (<c>MONITOR</c>); each store is another node on the same Redis and key ring.
/// </summary>
[Collection(RedisTestGroup.Name)]
public sealed class SessionReadsTests(RedisFixture redis)
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly IDataProtectionProvider _keyRing = new EphemeralDataProtectionProvider();

    private IDatabase Db => redis.Connection.GetDatabase();

    [Fact]
    public async Task ASecondReadOfAnUnchangedSessionRunsOneCommandAndOpensNothing()
    {
        var (sessions, _) = Node();
        var stored = await CreatedAsync(sessions);
        var first = await sessions.GetAsync(stored.Id).WaitAsync(Timeout);

        await using var monitor = await RedisMonitor.StartAsync(redis.Server.Port);
        var second = await sessions.GetAsync(stored.Id).WaitAsync(Timeout);
        var commands = Naming(await monitor.UntilAsync(Db).WaitAsync(Timeout), stored.Id.ToString());

        Assert.True(commands.Count == 1 && commands[0].Contains("\"EVALSHA\"", StringComparison.OrdinalIgnoreCase),
            $"the read ran other than one script:\n{string.Join('\n', commands)}");
        Assert.Same(first, second);
    }

    [Fact]
    public async Task AReadRightAfterThisNodeStoredAChangeAnswersWhatItStored()
    {
        var (sessions, _) = Node();
        var stored = await CreatedAsync(sessions);
        var changed = Changed(stored);
        Assert.NotNull(await sessions.TryReplaceAsync(changed, stored.Version, Entry("Invited")).WaitAsync(Timeout));

        Assert.Same(changed, await sessions.GetAsync(stored.Id).WaitAsync(Timeout));
    }

    [Fact]
    public async Task ASessionChangedOnTheOtherNodeIsReadAfresh()
    {
        var (here, _) = Node();
        var (there, _) = Node();
        var stored = await CreatedAsync(here);
        Assert.Same(stored, await here.GetAsync(stored.Id).WaitAsync(Timeout));

        var changed = Changed((await there.GetAsync(stored.Id).WaitAsync(Timeout))!);
        Assert.NotNull(await there.TryReplaceAsync(changed, stored.Version, Entry("Invited")).WaitAsync(Timeout));

        var read = (await here.GetAsync(stored.Id).WaitAsync(Timeout))!;
        Assert.Equal(changed.Version, read.Version);
        Assert.Equal(changed.Snapshot.Canonical(), read.Snapshot.Canonical());
    }

    [Fact]
    public async Task AStatePutBackUnderTheSameVersionIsOpenedAgainNotAnsweredFromMemory()
    {
        var (sessions, _) = Node();
        var stored = await CreatedAsync(sessions);
        var state = (byte[])(await Db.HashGetAsync(RedisKeys.Session(stored.Id), "state").WaitAsync(Timeout))!;
        state[^1] ^= 1;

        await Db.HashSetAsync(RedisKeys.Session(stored.Id), "state", state).WaitAsync(Timeout);

        await Assert.ThrowsAnyAsync<CryptographicException>(() => sessions.GetAsync(stored.Id).WaitAsync(Timeout));
    }

    [Fact]
    public async Task AfterTheRecordsAreDroppedTheSessionReadsAsGoneOnANodeThatHadItCached()
    {
        var (here, _) = Node();
        var (_, audits) = Node();
        var stored = await CreatedAsync(here, At.AddDays(-400));
        await audits.AppendAsync(stored.Id, Entry("SessionClosed", At.AddDays(-400))).WaitAsync(Timeout);
        Assert.Same(stored, await here.GetAsync(stored.Id).WaitAsync(Timeout));

        await audits.DeleteClosedBeforeAsync(At.AddDays(-365)).WaitAsync(Timeout);

        Assert.Null(await here.GetAsync(stored.Id).WaitAsync(Timeout));
    }

    [Fact]
    public async Task OnceTheRecordsKeyIsGoneTheSessionReadsAsGoneOnANodeThatHeldTheKeyUnwrapped()
    {
        var (here, _) = Node();
        var stored = await CreatedAsync(here);
        Assert.Same(stored, await here.GetAsync(stored.Id).WaitAsync(Timeout));

        await Db.KeyDeleteAsync(RedisKeys.SessionAuditKey(stored.Id)).WaitAsync(Timeout);

        Assert.Null(await here.GetAsync(stored.Id).WaitAsync(Timeout));
    }

    [Fact]
    public async Task AChangeStoredAfterTheRecordsKeyIsGoneStoresNothingAndMakesTheSessionNoKeyAgain()
    {
        var (here, _) = Node();
        var (there, _) = Node();
        var stored = await CreatedAsync(here);
        await Db.KeyDeleteAsync(RedisKeys.SessionAuditKey(stored.Id)).WaitAsync(Timeout);

        // Another node, as one that still remembered the session before its records were dropped.
        Assert.Null(await there.TryReplaceAsync(Changed(stored), stored.Version, Entry("Invited")).WaitAsync(Timeout));

        Assert.False(await Db.KeyExistsAsync(RedisKeys.SessionAuditKey(stored.Id)).WaitAsync(Timeout), "the change made the dropped session a records key again");
        Assert.Equal(stored.Version, (long)await Db.HashGetAsync(RedisKeys.Session(stored.Id), "version").WaitAsync(Timeout));
    }

    [Fact]
    public async Task TheRepositoryAnswersTheSameAggregateForAnUnchangedSessionAndANewOneOnceItChanged()
    {
        var (here, _) = Node();
        var (there, _) = Node();
        var repository = new SessionRepository(here, new SessionLocks());
        var stored = await CreatedAsync(here);
        var first = await repository.LoadAsync(stored.Id).AsTask().WaitAsync(Timeout);

        Assert.Same(first, await repository.LoadAsync(stored.Id).AsTask().WaitAsync(Timeout));

        var changed = Changed((await there.GetAsync(stored.Id).WaitAsync(Timeout))!);
        Assert.NotNull(await there.TryReplaceAsync(changed, stored.Version, Entry("Invited")).WaitAsync(Timeout));

        var after = (await repository.LoadAsync(stored.Id).AsTask().WaitAsync(Timeout))!;
        Assert.NotSame(first, after);
        Assert.Equal(changed.Snapshot.Canonical(), after.ToSnapshot().Canonical());
    }

    [Fact]
    public async Task AfterThisNodeStoredAChangeItsNextReadsShareTheChangedAggregateAndTheNextLastReadAsksNothing()
    {
        var (here, _) = Node();
        var repository = new SessionRepository(here, new SessionLocks());
        var read = await CreatedAsync(here);
        var changed = MediationSession.FromSnapshot(read.Snapshot);
        Assert.True(changed.Invite(changed.People.Single().Id, ParticipantId.New(), "Alex Quill", CaucusRooms.Domain.Role.Party, changed.Sides[0].Id, At).IsAccepted);
        Assert.NotNull(await repository.TryReplaceAsync(changed, read, Entry("Invited")).WaitAsync(Timeout));

        await using var monitor = await RedisMonitor.StartAsync(redis.Server.Port);
        var lastRead = await repository.LastReadAsync(read.Id, fresh: false).WaitAsync(Timeout);
        var commands = Naming(await monitor.UntilAsync(Db).WaitAsync(Timeout), read.Id.ToString());

        Assert.Same(changed, lastRead);
        Assert.True(commands.Count == 0, $"the last read asked Redis:\n{string.Join('\n', commands)}");
        Assert.Same(changed, await repository.LoadAsync(read.Id).AsTask().WaitAsync(Timeout));
    }

    [Fact]
    public async Task AChangeThatLostToAnotherNodesIsNotRemembered()
    {
        var (here, _) = Node();
        var (there, _) = Node();
        var repository = new SessionRepository(here, new SessionLocks());
        var read = await CreatedAsync(here);
        var before = await repository.LoadAsync(read.Id).AsTask().WaitAsync(Timeout);
        var theirs = Changed((await there.GetAsync(read.Id).WaitAsync(Timeout))!);
        Assert.NotNull(await there.TryReplaceAsync(theirs, read.Version, Entry("Invited")).WaitAsync(Timeout));
        var mine = MediationSession.FromSnapshot(read.Snapshot);
        Assert.True(mine.Invite(mine.People.Single().Id, ParticipantId.New(), "Sam Feather", CaucusRooms.Domain.Role.Party, mine.Sides[1].Id, At).IsAccepted);

        Assert.Null(await repository.TryReplaceAsync(mine, read, Entry("Invited")).WaitAsync(Timeout));

        var loaded = (await repository.LoadAsync(read.Id).AsTask().WaitAsync(Timeout))!;
        Assert.NotSame(mine, loaded);
        Assert.NotSame(before, loaded);
        Assert.Equal(theirs.Snapshot.Canonical(), loaded.ToSnapshot().Canonical());
        Assert.NotSame(mine, await repository.LastReadAsync(read.Id, fresh: false).WaitAsync(Timeout));
    }

    /// <summary>The commands the script did not run itself (those are its one round trip) that name <paramref name="id"/>.</summary>
    private static List<string> Naming(IReadOnlyList<string> commands, string id) =>
        [.. commands.Where(c => !c.Contains("[0 lua]", StringComparison.Ordinal) && c.Contains(id, StringComparison.OrdinalIgnoreCase))];

    /// <summary>The stores of one node; each call is another node on the same Redis and key ring.</summary>
    private (RedisSessionStore Sessions, RedisAuditStore Audits) Node()
    {
        var records = new SessionRecordKeys(redis.Connection, _keyRing);
        return (new RedisSessionStore(redis.Connection, records, new RedisConnectionRegistry(redis.Connection, new NodeIdentity(), NullLogger<RedisConnectionRegistry>.Instance)),
            new RedisAuditStore(redis.Connection, records));
    }

    private static async Task<StoredSession> CreatedAsync(RedisSessionStore sessions, DateTimeOffset? at = null)
    {
        var id = SessionId.New();
        var (session, refusal) = MediationSession.Open(id, "Quill v Feather", ["Quillfeather Ltd", "Feather Holdings"], "Say nothing outside this room.",
            ParticipantId.New(), "Morgan", at ?? At);
        Assert.Null(refusal);
        var stored = new StoredSession(session!.ToSnapshot(), new Dictionary<string, ParticipantId> { ["acct-" + id] = session.People.Single().Id });
        await sessions.CreateAsync(stored, Entry("SessionOpened", at)).WaitAsync(Timeout);
        return stored;
    }

    /// <summary>The session with one more party invited: its next version.</summary>
    private static StoredSession Changed(StoredSession stored)
    {
        var session = MediationSession.FromSnapshot(stored.Snapshot);
        Assert.True(session.Invite(session.People.Single().Id, ParticipantId.New(), "Alex Quill", CaucusRooms.Domain.Role.Party, session.Sides[0].Id, At).IsAccepted);
        return stored with { Snapshot = session.ToSnapshot() };
    }

    private static AuditEntryDto Entry(string kind, DateTimeOffset? at = null) => new(0, at ?? At, kind, "m", "Morgan", null, null, null, null, null, null);
}
