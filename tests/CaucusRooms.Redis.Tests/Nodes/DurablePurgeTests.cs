using StackExchange.Redis;

namespace CaucusRooms.Redis.Tests.Nodes;

/// <summary>
/// A purge scheduled for later (<c>Retention:Messages</c> above zero) is kept in Redis and swept by every node, so the
/// node that closed the session may die before it is due and the history is purged all the same.
/// </summary>
public sealed class DurablePurgeTests
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Retention:Messages"] = "00:00:03",
        ["Retention:PurgeSweep"] = "00:00:01",
    };

    [Fact]
    public async Task APurgeDueAfterTheClosingNodeDiedIsCarriedOutByTheOtherNode()
    {
        await using var redis = new RedisServer();
        await redis.StartAsync();
        await using var closing = await ServerNode.StartAsync(redis.ConnectionString, Settings);
        await using var other = await ServerNode.StartAsync(redis.ConnectionString, Settings);
        using var db = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString).WaitAsync(TimeSpan.FromSeconds(10));
        await using var m = await Mediation.OpenAsync(closing);
        await m.MediatorTab.SendAsync(m.Joint, "to be purged later");
        var messages = RedisKeys.RoomMessages(new Domain.RoomId(Guid.Parse(m.Joint)));
        Assert.True(await db.GetDatabase().KeyExistsAsync(messages));

        await m.MediatorTab.Hub.CloseSession();
        Assert.Equal(1, await db.GetDatabase().SortedSetLengthAsync(RedisKeys.DuePurges));
        await closing.DisposeAsync();

        // Due in 3 s, swept every second by the node still running: purged, then marked done. Bounded by 30 s.
        async Task<bool> DoneAsync() =>
            !await db.GetDatabase().KeyExistsAsync(messages) && await db.GetDatabase().SortedSetLengthAsync(RedisKeys.DuePurges) == 0;
        await Eventually.ValueAsync(DoneAsync, done => done, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200));
        Assert.False(await db.GetDatabase().KeyExistsAsync(messages), "the history outlived its retention:\n" + other.Output);
        Assert.Equal(0, await db.GetDatabase().SortedSetLengthAsync(RedisKeys.DuePurges));
        Assert.False(other.HasExited);
    }
}
