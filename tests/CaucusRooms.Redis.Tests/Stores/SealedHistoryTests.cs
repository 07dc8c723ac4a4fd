using System.Security.Cryptography;
using StackExchange.Redis;

namespace CaucusRooms.Redis.Tests.Stores;

/// <summary>Message history in Redis is sealed per session: unreadable at rest, bound to its room, gone with its key.</summary>
[Collection(RedisTestGroup.Name)]
public sealed class SealedHistoryTests(RedisFixture redis)
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlyList<ParticipantId> Readers = [ParticipantId.New(), ParticipantId.New()];
    private readonly IDataProtectionProvider _keyRing = new EphemeralDataProtectionProvider();

    private IDatabase Db => redis.Connection.GetDatabase();

    [Fact]
    public async Task TheTextIsNotReadableInRedisAndTheDataKeyIsStoredOnlyWrapped()
    {
        var store = new RedisMessageStore(redis.Connection, new SessionDataKeys(redis.Connection, _keyRing));
        var (session, room) = (SessionId.New(), RoomId.New());
        await store.AppendAsync(session, room, ParticipantId.New(), "Alex", "client-1", "settle at forty thousand", At, Readers);

        var stored = (await Db.HashGetAllAsync(RedisKeys.RoomMessages(room))).Single().Value.ToString();
        var wrapped = (byte[])(await Db.StringGetAsync(RedisKeys.SessionDataKey(session)))!;

        Assert.DoesNotContain("forty thousand", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("Alex", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("client-1", stored, StringComparison.Ordinal);
        Assert.True(wrapped.Length > 32, "The data key must be stored wrapped, not as its 32 raw bytes.");
        Assert.Equal("settle at forty thousand", (await store.ReadAfterAsync(room, 0, 10)).Single().Text);
    }

    [Fact]
    public async Task AnotherNodeWithTheSameKeyRingReadsTheHistory()
    {
        var (session, room) = (SessionId.New(), RoomId.New());
        await new RedisMessageStore(redis.Connection, new SessionDataKeys(redis.Connection, _keyRing))
            .AppendAsync(session, room, ParticipantId.New(), "Alex", "c1", "from node one", At, Readers);

        var otherNode = new RedisMessageStore(redis.Connection, new SessionDataKeys(redis.Connection, _keyRing));

        Assert.Equal("from node one", (await otherNode.ReadAfterAsync(room, 0, 10)).Single().Text);
    }

    [Fact]
    public async Task ASealedMessageCopiedIntoAnotherRoomDoesNotOpen()
    {
        var store = new RedisMessageStore(redis.Connection, new SessionDataKeys(redis.Connection, _keyRing));
        var (session, caucus, joint) = (SessionId.New(), RoomId.New(), RoomId.New());
        await store.AppendAsync(session, caucus, ParticipantId.New(), "Alex", "c1", "caucus only", At, Readers);
        await store.AppendAsync(session, joint, ParticipantId.New(), "Blake", "c1", "joint", At, Readers);

        // Someone with write access to Redis swaps the caucus payload into the joint room.
        await Db.HashSetAsync(RedisKeys.RoomMessages(joint), 1, await Db.HashGetAsync(RedisKeys.RoomMessages(caucus), 1));

        await Assert.ThrowsAnyAsync<CryptographicException>(() => store.ReadAfterAsync(joint, 0, 10));
    }

    [Fact]
    public async Task APurgeDestroysTheSessionsDataKey()
    {
        var store = new RedisMessageStore(redis.Connection, new SessionDataKeys(redis.Connection, _keyRing));
        var (session, room) = (SessionId.New(), RoomId.New());
        await store.AppendAsync(session, room, ParticipantId.New(), "Alex", "c1", "soon gone", At, Readers);

        await store.PurgeSessionAsync(session, [room]);

        Assert.False(await Db.KeyExistsAsync(RedisKeys.SessionDataKey(session)));
        Assert.False(await Db.KeyExistsAsync(RedisKeys.RoomMessages(room)));
    }

    [Fact]
    public async Task ACopyOfTheHistoryTakenBeforeThePurgeCannotBeReadAfterIt()
    {
        var store = new RedisMessageStore(redis.Connection, new SessionDataKeys(redis.Connection, _keyRing));
        var (session, room) = (SessionId.New(), RoomId.New());
        await store.AppendAsync(session, room, ParticipantId.New(), "Alex", "c1", "our walk-away figure is ninety", At, Readers);
        var backup = await Db.HashGetAllAsync(RedisKeys.RoomMessages(room));

        await store.PurgeSessionAsync(session, [room]);
        // The copy comes back (a restored snapshot or backup of the history): its key is gone for good.
        await Db.HashSetAsync(RedisKeys.RoomMessages(room), backup);

        Assert.NotEmpty(backup);
        Assert.False(await Db.KeyExistsAsync(RedisKeys.SessionDataKey(session)));
        var read = await Record.ExceptionAsync(() => store.ReadAfterAsync(room, 0, 10));
        Assert.True(read is not null || (await store.ReadAfterAsync(room, 0, 10)).All(m => !m.Text.Contains("ninety", StringComparison.Ordinal)),
            "a copy of the history was readable after its session's key was destroyed");
    }
}
