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

    [Fact]
    public async Task AStoredChangeAnswersTheConnectionsTheRegistryListsNoneOfADeadNodeNorOneThisNodeClosed()
    {
        var (node1, alive, dead) = (new NodeIdentity(), new NodeIdentity(), new NodeIdentity());
        var (here, there, gone) = (Registry(node1), Registry(alive), Registry(dead));
        await redis.Connection.GetDatabase().StringSetAsync(RedisKeys.Node(alive.Id), 1, TimeSpan.FromSeconds(30));
        var sessions = new RedisSessionStore(redis.Connection, new SessionRecordKeys(redis.Connection, new EphemeralDataProtectionProvider()), here);
        var (stored, session) = await NewSessionAsync(sessions);
        var (mine, closed, theirs, stale) = (Connection(stored.Id), Connection(stored.Id), Connection(stored.Id), Connection(stored.Id));
        await here.AddAsync(mine);
        await here.AddAsync(closed);
        await there.AddAsync(theirs);
        await gone.AddAsync(stale);
        // This node forgets the connection and its entry stays behind, as when the call that deletes it failed.
        await here.RemoveAsync(closed.ConnectionId);
        await redis.Connection.GetDatabase().HashSetAsync(RedisKeys.SessionConnections(stored.Id), closed.ConnectionId, Entry(closed, node1));

        Assert.True(session.SetMuteOnArrival(session.People.Single().Id, !session.MuteOnArrival, DateTimeOffset.UtcNow).IsAccepted);
        var committed = await sessions.TryReplaceAsync(stored with { Snapshot = session.ToSnapshot() }, stored.Version, Entry(session, "MuteOnArrivalChanged"));

        var presence = Assert.IsType<SessionPresence>(committed?.Presence);
        Assert.Equal(new[] { mine.ConnectionId, theirs.ConnectionId }.Order(), presence.Open.Select(c => c.ConnectionId).Order());
        Assert.Same(mine, presence.Open.Single(c => c.ConnectionId == mine.ConnectionId));
        Assert.Equal(new[] { mine.Person, theirs.Person }.ToHashSet(), presence.Online.ToHashSet());
        // The registry's own read agrees, and both leftovers are gone from the hash.
        Assert.Equal(presence.Open.Select(c => c.ConnectionId).Order(), (await here.InSessionAsync(stored.Id)).Select(c => c.ConnectionId).Order());
        Assert.Equal(2, await redis.Connection.GetDatabase().HashLengthAsync(RedisKeys.SessionConnections(stored.Id)));
    }

    private static async Task<(StoredSession Stored, MediationSession Session)> NewSessionAsync(RedisSessionStore sessions)
    {
        var session = MediationSession.Open(SessionId.New(), "Title", ["A", "B"], "Agreement", ParticipantId.New(), "Mediator", DateTimeOffset.UtcNow).Session!;
        var stored = new StoredSession(session.ToSnapshot(), new Dictionary<string, ParticipantId> { ["account"] = session.People.Single().Id });
        await sessions.CreateAsync(stored, Entry(session, "SessionOpened"));
        return (stored, session);
    }

    private static AuditEntryDto Entry(MediationSession session, string kind) =>
        new(0, DateTimeOffset.UtcNow, kind, session.People.Single().Id.ToString(), "Mediator", null, null, null, null, null, null);

    /// <summary>A registry entry as a node writes it (person, node).</summary>
    private static string Entry(HubConnection connection, NodeIdentity node) =>
        System.Text.Json.JsonSerializer.Serialize(new { person = connection.Person.Value, node = node.Id });

    private RedisConnectionRegistry Registry(NodeIdentity node) => new(redis.Connection, node, NullLogger<RedisConnectionRegistry>.Instance);

    private static HubConnection Connection(SessionId session) => new(Guid.NewGuid().ToString("N"), session, ParticipantId.New(), null);
}
