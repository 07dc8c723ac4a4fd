using CaucusRooms.Server.Connections;
using Microsoft.Extensions.Logging.Abstractions;

namespace CaucusRooms.Redis.Tests.Rooms;

[Collection(RedisTestGroup.Name)]
public sealed class RedisConnectionRegistryContractTests(RedisFixture redis) : ConnectionRegistryContractTests
{
    internal override IConnectionRegistry Registry { get; } = new RedisConnectionRegistry(redis.Connection, new NodeIdentity(), NullLogger<RedisConnectionRegistry>.Instance);
}

/// <summary>Across nodes: each node sees the others' connections while they are alive, and only then.</summary>
[Collection(RedisTestGroup.Name)]
public sealed class RedisConnectionRegistryAcrossNodesTests(RedisFixture redis)
{
    [Fact]
    public async Task ANodeSeesTheConnectionsOfALiveNodeAndDropsThoseOfADeadOne()
    {
        var (node1, alive, dead) = (new NodeIdentity(), new NodeIdentity(), new NodeIdentity());
        var (here, there, gone) = (Registry(node1), Registry(alive), Registry(dead));
        await redis.Connection.GetDatabase().StringSetAsync(RedisKeys.Node(alive.Id), 1, TimeSpan.FromSeconds(30));
        var session = SessionId.New();
        var (mine, theirs, stale) = (Connection(session), Connection(session), Connection(session));
        await here.AddAsync(mine);
        await there.AddAsync(theirs);
        await gone.AddAsync(stale);

        var listed = await here.InSessionAsync(session);

        Assert.Equal(new[] { mine.ConnectionId, theirs.ConnectionId }.Order(), listed.Select(c => c.ConnectionId).Order());
        Assert.Null(listed.Single(c => c.ConnectionId == theirs.ConnectionId).Context);
        Assert.False(await redis.Connection.GetDatabase().HashExistsAsync(RedisKeys.SessionConnections(session), stale.ConnectionId));
    }

    [Fact]
    public async Task AnotherNodeListsMyConnectionWithItsPersonAndMyNodeStaysItsHolder()
    {
        var (node1, node2) = (new NodeIdentity(), new NodeIdentity());
        var (here, there) = (Registry(node1), Registry(node2));
        await redis.Connection.GetDatabase().StringSetAsync(RedisKeys.Node(node1.Id), 1, TimeSpan.FromSeconds(30));
        var session = SessionId.New();
        var mine = Connection(session);
        await here.AddAsync(mine);

        var seenThere = Assert.Single(await there.InSessionAsync(session));
        Assert.Equal((mine.ConnectionId, mine.Person), (seenThere.ConnectionId, seenThere.Person));
        Assert.Null(seenThere.Context);

        Assert.Same(mine, Assert.Single(await here.InSessionAsync(session)));
        Assert.Equal(0, await here.CloseUnregisteredAsync());
    }

    [Fact]
    public async Task AConnectionWhoseEntryVanishedIsClosedOnTheSecondMissedCheck()
    {
        var node = new NodeIdentity();
        var here = Registry(node);
        var session = SessionId.New();
        var mine = Connection(session);
        await here.AddAsync(mine);
        await redis.Connection.GetDatabase().HashDeleteAsync(RedisKeys.SessionConnections(session), mine.ConnectionId);

        Assert.Equal(0, await here.CloseUnregisteredAsync());
        Assert.Equal(1, await here.CloseUnregisteredAsync());
    }

    private RedisConnectionRegistry Registry(NodeIdentity node) => new(redis.Connection, node, NullLogger<RedisConnectionRegistry>.Instance);

    private static HubConnection Connection(SessionId session) => new(Guid.NewGuid().ToString("N"), session, ParticipantId.New(), null);
}
