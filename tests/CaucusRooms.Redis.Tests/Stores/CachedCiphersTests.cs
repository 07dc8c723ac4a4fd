using System.Security.Cryptography;
using System.Text;

namespace CaucusRooms.Redis.Tests.Stores;

/// <summary>
/// A node keeps each session's unwrapped key and the AES-GCM ciphers made from it: the cache must never let a purged
/// session's history open, never let one session's cipher open another's, and stay correct under concurrent calls.
/// </summary>
[Collection(RedisTestGroup.Name)]
public sealed class CachedCiphersTests(RedisFixture redis)
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlyList<ParticipantId> Readers = [ParticipantId.New(), ParticipantId.New()];
    private readonly IDataProtectionProvider _keyRing = new EphemeralDataProtectionProvider();

    [Fact]
    public async Task HistoryOfAPurgedSessionDoesNotOpenOnTheNodeThatHadItsKeyCached()
    {
        var store = new RedisMessageStore(redis.Connection, new SessionDataKeys(redis.Connection, _keyRing));
        var (session, room) = (SessionId.New(), RoomId.New());
        await store.AppendAsync(session, room, ParticipantId.New(), "Alex", "c1", "our walk-away figure is ninety", At, Readers);
        // Read once: this node now holds the key and a cipher made from it.
        Assert.Single(await store.ReadAfterAsync(room, 0, 10));
        var db = redis.Connection.GetDatabase();
        var (backup, seq) = (await db.HashGetAllAsync(RedisKeys.RoomMessages(room)), await db.StringGetAsync(RedisKeys.RoomSeq(room)));

        await store.PurgeSessionAsync(session, [room]);
        // The room's history comes back whole (a restored backup): only the destroyed key keeps it shut.
        await db.HashSetAsync(RedisKeys.RoomMessages(room), backup);
        await db.StringSetAsync(RedisKeys.RoomSeq(room), seq);

        await Assert.ThrowsAnyAsync<CryptographicException>(() => store.ReadAfterAsync(room, 0, 10));
    }

    [Fact]
    public async Task TwoSessionsOnOneNodeNeverShareACachedCipher()
    {
        var keys = new SessionDataKeys(redis.Connection, _keyRing);
        var (caucusSession, otherSession) = (SessionId.New(), SessionId.New());
        const string context = "room|sender|message";
        var sealedInCaucus = await keys.SealAsync(caucusSession, "side A's bottom line", context);
        // Both sessions' ciphers are cached and warm.
        Assert.Equal("side A's bottom line", await keys.OpenAsync(caucusSession, sealedInCaucus, context));
        Assert.Equal("other", await keys.OpenAsync(otherSession, await keys.SealAsync(otherSession, "other", context), context));

        await Assert.ThrowsAnyAsync<CryptographicException>(() => keys.OpenAsync(otherSession, sealedInCaucus, context));
    }

    [Fact]
    public void AKeyDestroyedWhileInUseNeitherSealsNorOpensAndIsZeroed()
    {
        var bytes = RandomNumberGenerator.GetBytes(32);
        var key = new SealingKey(bytes);
        var sealedBytes = Sealing.Seal(key, "before the purge", "ctx");

        key.Dispose();

        Assert.All(bytes, b => Assert.Equal(0, b));
        Assert.ThrowsAny<CryptographicException>(() => Sealing.Seal(key, "after the purge", "ctx"));
        Assert.ThrowsAny<CryptographicException>(() => Sealing.Open(key, sealedBytes, "ctx"));
    }

    [Fact]
    public async Task ConcurrentSealsAndOpensUnderOneKeyEachGetTheirOwnText()
    {
        using var key = new SealingKey(RandomNumberGenerator.GetBytes(32));
        var wrong = 0;
        await Parallel.ForAsync(0, 4000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, (i, _) =>
        {
            var text = $"message {i} " + new string('x', i % 300);
            var context = $"room|sender|{i}";
            if (Sealing.Open(key, Sealing.Seal(key, text, context), context) != text) Interlocked.Increment(ref wrong);
            return ValueTask.CompletedTask;
        });

        Assert.Equal(0, wrong);
        // A context past the stack buffer (rented instead) binds as well.
        var longContext = new string('c', 2000);
        Assert.Equal("long", Encoding.UTF8.GetString(Sealing.OpenBytes(key, Sealing.SealBytes(key, "long"u8, longContext), longContext)));
        Assert.ThrowsAny<CryptographicException>(() => Sealing.OpenBytes(key, Sealing.SealBytes(key, "long"u8, longContext), longContext + "!"));
    }
}
