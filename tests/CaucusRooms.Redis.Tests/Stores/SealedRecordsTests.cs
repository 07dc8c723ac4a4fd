using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace CaucusRooms.Redis.Tests.Stores;

/// <summary>
/// A session's snapshot and audit trail in Redis are sealed with its records key: unreadable at rest, readable after
/// the messages' purge (which destroys only the message data key), gone when the trail's retention runs out.
/// </summary>
[Collection(RedisTestGroup.Name)]
public sealed class SealedRecordsTests(RedisFixture redis)
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly IDataProtectionProvider _keyRing = new EphemeralDataProtectionProvider();

    private IDatabase Db => redis.Connection.GetDatabase();

    [Fact]
    public async Task TheSnapshotAndTheTrailHoldNoTitleSideNameTypedNameOrAgreementTextInRedis()
    {
        var (sessions, audits, _) = Stores();
        var (stored, session) = NewSession();
        var alex = ParticipantId.New();
        Assert.True(session.Invite(session.People.Single().Id, alex, "Alex Quill", CaucusRooms.Domain.Role.Party, session.Sides[0].Id, At).IsAccepted);
        Assert.True(session.AcceptAgreement(alex, "A. Quill signs", session.AgreementVersion, At).IsAccepted);
        stored = stored with { Snapshot = session.ToSnapshot() };
        await sessions.CreateAsync(stored, Opened).WaitAsync(Timeout);
        await audits.AppendAsync(stored.Id, new AuditEntryDto(0, At, "Invited", "m", "Morgan", "p", "Alex Quill", null, "Caucus Quillfeather Ltd", null, "Party of Quillfeather Ltd")).WaitAsync(Timeout);

        var atRest = string.Join('\n', (await Db.HashGetAllAsync(RedisKeys.Session(stored.Id)).WaitAsync(Timeout)).Select(e => e.Value.ToString())
            .Concat((await Db.ListRangeAsync(RedisKeys.SessionAudit(stored.Id)).WaitAsync(Timeout)).Select(v => v.ToString())));

        foreach (var secret in new[] { "Quill v Feather", "Quillfeather", "Alex Quill", "A. Quill signs", "Say nothing outside", "Morgan" })
            Assert.DoesNotContain(secret, atRest, StringComparison.Ordinal);
        Assert.Equal(session.ToSnapshot().Canonical(), (await sessions.GetAsync(stored.Id).WaitAsync(Timeout))!.Snapshot.Canonical());
        Assert.Equal("Alex Quill", Assert.Single(await audits.ReadAsync(stored.Id).WaitAsync(Timeout), e => e.Kind == "Invited").TargetName);
    }

    [Fact]
    public async Task PurgingTheMessagesLeavesTheSnapshotAndTheTrailReadableOnAnotherNode()
    {
        var (sessions, audits, messages) = Stores();
        var (stored, session) = await ClosedSessionAsync(sessions, audits, At);
        var joint = session.Rooms[0].Id;
        await messages.AppendAsync(stored.Id, joint, session.People.Single().Id, "Morgan", "c1", "an offer", At, [session.People.Single().Id]).WaitAsync(Timeout);

        await messages.PurgeSessionAsync(stored.Id, [.. session.Rooms.Select(r => r.Id)]).WaitAsync(Timeout);
        var (otherSessions, otherAudits, _) = Stores();

        Assert.False(await Db.KeyExistsAsync(RedisKeys.SessionDataKey(stored.Id)).WaitAsync(Timeout));
        Assert.Equal("Quill v Feather", (await otherSessions.GetAsync(stored.Id).WaitAsync(Timeout))!.Snapshot.Title);
        Assert.Equal(["Morgan", "Morgan"], (await otherAudits.ReadAsync(stored.Id).WaitAsync(Timeout)).Select(e => e.ActorName));
    }

    [Fact]
    public async Task AStateSealedForOneVersionDoesNotOpenUnderAnother()
    {
        var (sessions, _, _) = Stores();
        var (stored, _) = NewSession();
        await sessions.CreateAsync(stored, Opened).WaitAsync(Timeout);
        var first = await Db.HashGetAsync(RedisKeys.Session(stored.Id), "state").WaitAsync(Timeout);

        await Db.HashSetAsync(RedisKeys.Session(stored.Id), "version", stored.Version + 1).WaitAsync(Timeout);

        await Assert.ThrowsAnyAsync<CryptographicException>(() => sessions.GetAsync(stored.Id).WaitAsync(Timeout));
        Assert.False(first.IsNull);
    }

    [Fact]
    public async Task WhenTheTrailsRetentionRunsOutTheSnapshotGoesWithItAndTheSessionReadsAsGone()
    {
        var (sessions, audits, _) = Stores();
        var (stored, _) = await ClosedSessionAsync(sessions, audits, At.AddDays(-400));

        await audits.DeleteClosedBeforeAsync(At.AddDays(-365)).WaitAsync(Timeout);

        Assert.Null(await sessions.GetAsync(stored.Id).WaitAsync(Timeout));
        Assert.Empty(await sessions.ListForAccountAsync("acct-" + stored.Id).WaitAsync(Timeout));
        Assert.False(await Db.KeyExistsAsync(RedisKeys.Session(stored.Id)).WaitAsync(Timeout));
        Assert.False(await Db.KeyExistsAsync(RedisKeys.SessionAuditKey(stored.Id)).WaitAsync(Timeout));
    }

    /// <summary>The stores of one node; each call is another node on the same Redis and key ring.</summary>
    private (RedisSessionStore Sessions, RedisAuditStore Audits, RedisMessageStore Messages) Stores()
    {
        var records = new SessionRecordKeys(redis.Connection, _keyRing);
        return (new RedisSessionStore(redis.Connection, records, new RedisConnectionRegistry(redis.Connection, new NodeIdentity(), NullLogger<RedisConnectionRegistry>.Instance)), new RedisAuditStore(redis.Connection, records),
            new RedisMessageStore(redis.Connection, new SessionDataKeys(redis.Connection, _keyRing)));
    }

    /// <summary>A stored session whose trail says it closed at <paramref name="closedAt"/>.</summary>
    private static async Task<(StoredSession Stored, MediationSession Session)> ClosedSessionAsync(RedisSessionStore sessions, RedisAuditStore audits, DateTimeOffset closedAt)
    {
        var (stored, session) = NewSession();
        await sessions.CreateAsync(stored, Opened).WaitAsync(Timeout);
        await audits.AppendAsync(stored.Id, new AuditEntryDto(0, closedAt, "SessionClosed", "m", "Morgan", null, null, null, null, null, null)).WaitAsync(Timeout);
        return (stored, session);
    }

    /// <summary>The trail's first entry, stored with the session.</summary>
    private static readonly AuditEntryDto Opened = new(0, At, "SessionOpened", "m", "Morgan", null, null, null, null, null, null);

    private static (StoredSession Stored, MediationSession Session) NewSession()
    {
        var id = SessionId.New();
        var (session, refusal) = MediationSession.Open(id, "Quill v Feather", ["Quillfeather Ltd", "Feather Holdings"], "Say nothing outside this room.", ParticipantId.New(), "Morgan", At);
        Assert.Null(refusal);
        return (new StoredSession(session!.ToSnapshot(), new Dictionary<string, ParticipantId> { ["acct-" + id] = session.People.Single().Id }), session);
    }
}
