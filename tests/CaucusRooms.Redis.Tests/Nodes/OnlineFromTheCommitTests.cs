using System.Text.Json;
using StackExchange.Redis;

namespace CaucusRooms.Redis.Tests.Nodes;

/// <summary>
/// A stored change on Redis learns who is online from the script that stores it: the connection registry's hash and
/// the heartbeat keys of the nodes named there are read inside that one round trip, never as calls of their own while
/// the session's lock is held; and a person whose only connection is on a node whose heartbeat lapsed counts as
/// offline in what the change tells the mediators. So are the devices per person the mediators' view shows: the session's
/// invites are read inside the same script. Judged on what the real redis-server ran (<c>MONITOR</c>).
/// </summary>
[Collection(TwoNodesTestGroup.Name)]
public sealed class OnlineFromTheCommitTests(TwoNodes nodes)
{
    [Fact]
    public async Task AMoveAcrossTwoNodesReadsTheConnectionsAndTheNodesHeartbeatsOnlyInsideTheScriptThatStoresIt()
    {
        var (m, alex) = await nodes.SessionOnBothNodesAsync();
        await using var _ = m;
        using var redis = await ConnectionMultiplexer.ConnectAsync(nodes.Redis.ConnectionString);
        var connections = RedisKeys.SessionConnections(new SessionId(Guid.Parse(m.SessionId))).ToString();

        await using var monitor = await RedisMonitor.StartAsync(nodes.Redis.Port);
        await m.MediatorTab.Hub.Move(alex.ParticipantId, m.ClaimantCaucus);
        await m.MediatorTab.WaitForAsync(m.MediatorTab.SessionViews, v => PersonIn(v, alex)?.RoomId == m.ClaimantCaucus);
        await alex.Tab.WaitForStateAsync(s => s.RoomId == m.ClaimantCaucus);
        var commands = await monitor.UntilAsync(redis.GetDatabase());

        var outside = commands.Where(c => !InScript(c) && (ReadsAll(c, connections) || ChecksANode(c))).ToList();
        Assert.True(outside.Count == 0, $"the move read the registry in calls of its own:\n{string.Join('\n', outside)}");
        // What the notices were built on was read all the same: in the script, Alex's node's heartbeat with it.
        Assert.Contains(commands, c => InScript(c) && ReadsAll(c, connections));
        Assert.Contains(commands, c => InScript(c) && ChecksANode(c));
    }

    [Fact]
    public async Task AMoveReadsTheSessionsInvitesOnlyInsideTheScriptThatStoresItAndItsViewCountsTheirDevices()
    {
        var (m, alex) = await nodes.SessionOnBothNodesAsync();
        await using var _ = m;
        using var redis = await ConnectionMultiplexer.ConnectAsync(nodes.Redis.ConnectionString);
        var session = new SessionId(Guid.Parse(m.SessionId));
        var (invites, storing) = (RedisKeys.InvitesOfSession(session).ToString(), RedisKeys.SessionLock(session).ToString());

        await using var monitor = await RedisMonitor.StartAsync(nodes.Redis.Port);
        await m.MediatorTab.Hub.Move(alex.ParticipantId, m.ClaimantCaucus);
        var view = await m.MediatorTab.WaitForAsync(m.MediatorTab.SessionViews, v => PersonIn(v, alex)?.RoomId == m.ClaimantCaucus);
        await alex.Tab.WaitForStateAsync(s => s.RoomId == m.ClaimantCaucus);
        var commands = await monitor.UntilAsync(redis.GetDatabase());

        // Each read of the invites is a command of some script: the call it belongs to is the last one before it not run by a script.
        var readers = commands.Select((c, i) => (c, i)).Where(x => InScript(x.c) && ReadsInvites(x.c, invites))
            .Select(x => commands.Take(x.i).Last(c => !InScript(c))).ToList();
        Assert.True(readers.Count == 1 && readers[0].Contains(storing, StringComparison.OrdinalIgnoreCase),
            $"the move read the session's invites other than once, in the script that stores it:\n{string.Join('\n', readers)}");
        // Alex joined on one invite, redeemed once: the view the move sent counts it.
        Assert.Equal(1, PersonIn(view, alex)!.Devices);
    }

    [Fact]
    public async Task APersonWhoseOnlyConnectionIsOnANodeWhoseHeartbeatLapsedIsOfflineInTheViewAChangeSendsTheMediator()
    {
        await using var m = await Mediation.OpenAsync(nodes.Node1);
        var alex = await m.InviteToLobbyAsync("Alex", "Party", "Claimant", nodes.Node2);
        await m.AdmitAsync(alex, m.Joint);
        await m.MediatorTab.WaitForAsync(m.MediatorTab.SessionViews, v => PersonIn(v, alex) is { IsOnline: true } p && p.RoomId == m.Joint);
        using var redis = await ConnectionMultiplexer.ConnectAsync(nodes.Redis.ConnectionString);
        var db = redis.GetDatabase();
        var node2 = await NodeOfAsync(db, m.SessionId, alex);

        using (nodes.Node2.Freeze())
        {
            // Node 2 answers nobody and its heartbeat key is gone, as its time to live leaves it after a crash.
            await db.KeyDeleteAsync(RedisKeys.Node(node2));
            try
            {
                await m.MediatorTab.Hub.Move(alex.ParticipantId, m.ClaimantCaucus);
                var view = await m.MediatorTab.WaitForAsync(m.MediatorTab.SessionViews, v => PersonIn(v, alex)?.RoomId == m.ClaimantCaucus);
                Assert.False(PersonIn(view, alex)!.IsOnline, "Alex, connected only to a node whose heartbeat lapsed, was shown online");
            }
            finally
            {
                // Back before node 2 runs again: it must not take itself for lapsed and close the connections of the tests after this one.
                await db.StringSetAsync(RedisKeys.Node(node2), 1, TimeSpan.FromSeconds(10));
            }
        }
    }

    private static PersonDto? PersonIn(SessionViewDto view, Person person) => view.People.FirstOrDefault(p => p.ParticipantId == person.ParticipantId);

    /// <summary>The node named in the registry for <paramref name="person"/>'s one connection.</summary>
    private static async Task<string> NodeOfAsync(IDatabase db, string sessionId, Person person)
    {
        var entries = await db.HashGetAllAsync(RedisKeys.SessionConnections(new SessionId(Guid.Parse(sessionId))));
        var theirs = entries.Select(e => JsonSerializer.Deserialize<JsonElement>(e.Value.ToString()))
            .Single(e => e.GetProperty("person").GetGuid() == Guid.Parse(person.ParticipantId));
        return theirs.GetProperty("node").GetString()!;
    }

    private static bool ReadsAll(string command, string key) =>
        command.Contains("\"HGETALL\"", StringComparison.OrdinalIgnoreCase) && command.Contains(key, StringComparison.OrdinalIgnoreCase);

    private static bool ReadsInvites(string command, string key) =>
        command.Contains("\"SMEMBERS\"", StringComparison.OrdinalIgnoreCase) && command.Contains(key, StringComparison.OrdinalIgnoreCase);

    private static bool ChecksANode(string command) =>
        command.Contains($"\"EXISTS\" \"{RedisKeys.Node("")}", StringComparison.OrdinalIgnoreCase);

    /// <summary>A command a script ran inside Redis (MONITOR shows them too): part of the script's one round trip.</summary>
    private static bool InScript(string command) => command.Contains("[0 lua]", StringComparison.Ordinal);
}
