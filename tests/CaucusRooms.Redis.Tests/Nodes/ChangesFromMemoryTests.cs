using StackExchange.Redis;

namespace CaucusRooms.Redis.Tests.Nodes;

/// <summary>
/// A change on Redis is first decided on the session as its node last read or stored it: a mediator moving people on the
/// node that made the session's last change reads no session before the script that stores the move. A change decided on
/// a session another node has changed since is never stored: the script's version check refuses it, and it is decided
/// again on the session read afresh; a refusal decided from memory is decided again the same way, so nothing is refused
/// that a fresh read allows. Judged on what the real redis-server ran (<c>MONITOR</c>) and on the state people hear.
/// </summary>
[Collection(TwoNodesTestGroup.Name)]
public sealed class ChangesFromMemoryTests(TwoNodes nodes)
{
    [Fact]
    public async Task AMoveOnTheNodeThatMadeTheSessionsLastChangeReadsNoSessionBeforeTheScriptThatStoresIt()
    {
        await using var m = await Mediation.OpenAsync(nodes.Node1);
        var blake = await m.InviteToLobbyAsync("Blake", "Party", "Respondent", nodes.Node2);
        await m.AdmitAsync(blake, m.Joint);
        await blake.Tab.WaitForStateAsync(s => s.RoomId == m.Joint);
        using var redis = await ConnectionMultiplexer.ConnectAsync(nodes.Redis.ConnectionString);

        await using var monitor = await RedisMonitor.StartAsync(nodes.Redis.Port);
        await m.MoveAsync(blake, m.RespondentCaucus);
        await blake.Tab.WaitForStateAsync(s => s.RoomId == m.RespondentCaucus);
        var commands = await monitor.UntilAsync(redis.GetDatabase());

        var stores = commands.Where(c => Stores(c, m)).ToList();
        Assert.True(stores.Count == 1, $"one script storing the move expected, ran {stores.Count}:\n{string.Join('\n', commands)}");
        var before = commands.TakeWhile(c => c != stores[0]).Where(c => ReadsTheSession(c, m)).ToList();
        Assert.True(before.Count == 0, $"the move read the session before storing it:\n{string.Join('\n', before)}");
    }

    [Fact]
    public async Task AChangeDecidedOnASessionTheOtherNodeChangedSinceIsDecidedAgainOnTheSessionAsStored()
    {
        await using var m = await Mediation.OpenAsync(nodes.Node1);
        // Node 2 moves Blake out of the joint room; node 1 last stored the session with Blake in it.
        var (blake, mediatorOnNode2) = await BlakeMovedOutByNode2Async(m);
        await using var _ = mediatorOnNode2;
        using var redis = await ConnectionMultiplexer.ConnectAsync(nodes.Redis.ConnectionString);

        await using var monitor = await RedisMonitor.StartAsync(nodes.Redis.Port);
        await m.MediatorTab.Hub.Lock(blake.ParticipantId);
        var state = await blake.Tab.WaitForStateAsync(s => s.IsLocked);
        var commands = await monitor.UntilAsync(redis.GetDatabase());

        // Decided from memory (Blake in the joint room), refused by the version check, decided again on what node 2 stored.
        var stores = commands.Where(c => Stores(c, m)).ToList();
        Assert.True(stores.Count == 2, $"two scripts storing the lock expected, ran {stores.Count}:\n{string.Join('\n', commands)}");
        Assert.Equal(m.RespondentCaucus, state.RoomId);
        var view = await m.MediatorTab.Hub.GetSession();
        Assert.Equal((m.RespondentCaucus, true), view.People.Where(p => p.ParticipantId == blake.ParticipantId).Select(p => (p.RoomId, p.IsLocked)).Single());
    }

    [Fact]
    public async Task AChangeRefusedOnTheSessionAsThisNodeLastStoredItIsDecidedAgainOnTheSessionAsStored()
    {
        await using var m = await Mediation.OpenAsync(nodes.Node1);
        var (blake, mediatorOnNode2) = await BlakeMovedOutByNode2Async(m);
        await using var _ = mediatorOnNode2;

        // Node 1 last stored Blake in the joint room, where a move to it is refused: stored, he is in his caucus.
        await m.MoveAsync(blake, m.Joint);

        Assert.Equal(m.Joint, (await blake.Tab.WaitForStateAsync(s => s.RoomId == m.Joint)).RoomId);
    }

    /// <summary>Blake (node 2) admitted to the joint room by node 1, then moved to his caucus by the mediator's tab on node 2.</summary>
    private async Task<(Person Blake, Person MediatorOnNode2)> BlakeMovedOutByNode2Async(Mediation m)
    {
        var blake = await m.InviteToLobbyAsync("Blake", "Party", "Respondent", nodes.Node2);
        await m.AdmitAsync(blake, m.Joint);
        var mediatorOnNode2 = await nodes.MediatorOnNode2Async(m);
        await mediatorOnNode2.Tab.Hub.Move(blake.ParticipantId, m.RespondentCaucus);
        await blake.Tab.WaitForStateAsync(s => s.RoomId == m.RespondentCaucus);
        return (blake, mediatorOnNode2);
    }

    /// <summary>The replace script's call: it alone names the session's lock and its invites together.</summary>
    private static bool Stores(string command, Mediation m)
    {
        var session = new SessionId(Guid.Parse(m.SessionId));
        return !InScript(command) && command.Contains(RedisKeys.SessionLock(session).ToString(), StringComparison.OrdinalIgnoreCase)
            && command.Contains(RedisKeys.InvitesOfSession(session).ToString(), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A call of its own that names the session's hash (a read of it), other than the script that stores it.</summary>
    private static bool ReadsTheSession(string command, Mediation m) =>
        !InScript(command) && !Stores(command, m)
        && command.Contains($"\"{RedisKeys.Session(new SessionId(Guid.Parse(m.SessionId)))}\"", StringComparison.OrdinalIgnoreCase);

    private static bool InScript(string command) => command.Contains("[0 lua]", StringComparison.Ordinal);
}
