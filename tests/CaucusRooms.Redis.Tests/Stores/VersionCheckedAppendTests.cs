using Microsoft.Extensions.Logging.Abstractions;

namespace CaucusRooms.Redis.Tests.Stores;

/// <summary>
/// A send on Redis is stored only on the session's current version, and not while someone holds the session's lock
/// without having stored a change under it (a change decided and dated, not stored yet). Once the holder stored its
/// change, a send on the new version goes ahead while the holder still tells the people concerned.
/// </summary>
[Collection(RedisTestGroup.Name)]
public sealed class VersionCheckedAppendTests(RedisFixture redis)
{
    private static readonly IDataProtectionProvider KeyRing = new EphemeralDataProtectionProvider();

    [Fact]
    public async Task ASendWaitsForAChangeNotStoredYetAndGoesAheadOnItsVersionOnceItIsStoredUnderTheStillHeldLock()
    {
        var sessions = new RedisSessionStore(redis.Connection, new SessionRecordKeys(redis.Connection, KeyRing), new RedisConnectionRegistry(redis.Connection, new NodeIdentity(), NullLogger<RedisConnectionRegistry>.Instance));
        var messages = new RedisMessageStore(redis.Connection, new SessionDataKeys(redis.Connection, KeyRing));
        var locks = new RedisSessionLocks(redis.Connection, TimeProvider.System, NullLogger<RedisSessionLocks>.Instance);
        var at = DateTimeOffset.UtcNow;
        var mediator = ParticipantId.New();
        var session = MediationSession.Open(SessionId.New(), "Title", ["A", "B"], "Agreement", mediator, "Mediator", at).Session!;
        var stored = new StoredSession(session.ToSnapshot(), new Dictionary<string, ParticipantId> { ["account"] = mediator });
        await sessions.CreateAsync(stored, Entry(at, mediator, "SessionOpened"));
        var room = session.JointRoom.Id;
        var n = 0;
        Task<VersionCheckedAppend> SendAsync(long version) =>
            messages.AppendIfCurrentAsync(version, session.Id, room, mediator, "Mediator", $"m{++n}", $"text {n}", at, [mediator]);

        using (await locks.AcquireAsync(session.Id))
        {
            Assert.True((await SendAsync(stored.Version)).Busy, "a send was stored while a change held the lock unstored");
            Assert.True(session.SetMuteOnArrival(mediator, !session.MuteOnArrival, at).IsAccepted);
            Assert.NotNull(await sessions.TryReplaceAsync(stored with { Snapshot = session.ToSnapshot() }, stored.Version, Entry(at, mediator, "MuteOnArrivalChanged")));

            Assert.True((await SendAsync(stored.Version)).Stale, "a send decided on the version before the change was stored");
            Assert.True((await SendAsync(session.Version)).IsNew, "a send on the stored change's version waited for its holder to let go");
        }
        // Another holder, who stored nothing under the lock (a connect, a send made under the lock): sends wait again.
        using (await locks.AcquireAsync(session.Id))
            Assert.True((await SendAsync(session.Version)).Busy, "a send was stored while a new holder of the lock had not stored anything");
        Assert.True((await SendAsync(session.Version)).IsNew);
    }

    private static AuditEntryDto Entry(DateTimeOffset at, ParticipantId mediator, string kind) =>
        new(0, at, kind, mediator.ToString(), "Mediator", null, null, null, null, null, null);
}
