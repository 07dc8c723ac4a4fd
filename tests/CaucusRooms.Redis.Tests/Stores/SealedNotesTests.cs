using System.Security.Cryptography;
using StackExchange.Redis;

namespace CaucusRooms.Redis.Tests.Stores;

/// <summary>The mediators' private notes in Redis are sealed with the session's data key: unreadable at rest, bound to their session, gone with the key.</summary>
[Collection(RedisTestGroup.Name)]
public sealed class SealedNotesTests(RedisFixture redis)
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly IDataProtectionProvider _keyRing = new EphemeralDataProtectionProvider();

    private IDatabase Db => redis.Connection.GetDatabase();

    [Fact]
    public async Task TheNotesAreNotReadableInRedisAndAnotherNodeWithTheKeyRingReadsThem()
    {
        var session = SessionId.New();
        await new RedisMediatorNotesStore(redis.Connection, new SessionDataKeys(redis.Connection, _keyRing))
            .SaveAsync(session, new StoredNotes("Claimant would take forty thousand", At, ParticipantId.New(), "Morgan"));

        var raw = (byte[])(await Db.StringGetAsync(RedisKeys.SessionNotes(session)))!;
        var otherNode = new RedisMediatorNotesStore(redis.Connection, new SessionDataKeys(redis.Connection, _keyRing));

        Assert.DoesNotContain("forty thousand", System.Text.Encoding.UTF8.GetString(raw), StringComparison.Ordinal);
        Assert.DoesNotContain("Morgan", System.Text.Encoding.UTF8.GetString(raw), StringComparison.Ordinal);
        Assert.Equal("Claimant would take forty thousand", (await otherNode.GetAsync(session))?.Text);
    }

    [Fact]
    public async Task NotesCopiedToAnotherSessionDoNotOpenAndDestroyingTheKeyLeavesNothingReadable()
    {
        var keys = new SessionDataKeys(redis.Connection, _keyRing);
        var store = new RedisMediatorNotesStore(redis.Connection, keys);
        var (session, other) = (SessionId.New(), SessionId.New());
        await store.SaveAsync(session, new StoredNotes("private to this session", At, ParticipantId.New(), "Morgan"));
        await store.SaveAsync(other, new StoredNotes("other", At, ParticipantId.New(), "Morgan"));

        // Someone with write access to Redis swaps this session's sealed notes into the other session.
        await Db.StringSetAsync(RedisKeys.SessionNotes(other), await Db.StringGetAsync(RedisKeys.SessionNotes(session)));
        await Assert.ThrowsAnyAsync<CryptographicException>(() => store.GetAsync(other));

        await keys.DestroyAsync(session);
        await Assert.ThrowsAnyAsync<CryptographicException>(() => new RedisMediatorNotesStore(redis.Connection, new SessionDataKeys(redis.Connection, _keyRing)).GetAsync(session));
    }
}
