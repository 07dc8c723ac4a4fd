using CaucusRooms.Server.Connections;
using StackExchange.Redis;

namespace CaucusRooms.Redis.Tests.Nodes;

/// <summary>
/// A stored change's notices (rosters, states, the mediators' views …) leave a node as one publish with their
/// addressees, whoever and wherever they are; each other node writes them to its own connections of those addressees
/// only. Judged on what the real redis-server ran (<c>MONITOR</c>) and on what each tab received.
/// </summary>
[Collection(TwoNodesTestGroup.Name)]
public sealed class ChangeNoticesTests(TwoNodes nodes)
{
    [Fact]
    public async Task AMoveInAFivePersonSessionAcrossNodesIsOnePublishAndEveryoneOnTheOtherNodeHearsIt()
    {
        await using var m = await Mediation.OpenAsync(nodes.Node1);
        var alex = await m.InviteToLobbyAsync("Alex", "Party", "Claimant", nodes.Node2);
        var avery = await m.InviteToLobbyAsync("Avery", "Advisor", "Claimant", nodes.Node1);
        var blake = await m.InviteToLobbyAsync("Blake", "Party", "Respondent", nodes.Node2);
        var drew = await m.InviteToLobbyAsync("Drew", "Advisor", "Respondent", nodes.Node2);
        var people = new[] { alex, avery, blake, drew };
        foreach (var person in people) await m.AdmitAsync(person, m.Joint);
        var partyIds = people.Select(p => p.ParticipantId).ToHashSet();
        foreach (var tab in people.Select(p => p.Tab))
            await tab.WaitForAsync(tab.Rosters, r => r.RoomId == m.Joint && partyIds.IsSubsetOf(r.People.Select(x => x.ParticipantId)));
        await m.MediatorTab.WaitForAsync(m.MediatorTab.SessionViews, v => v.People.Count(x => partyIds.Contains(x.ParticipantId) && x.RoomId == m.Joint) == 4);
        using var redis = await ConnectionMultiplexer.ConnectAsync(nodes.Redis.ConnectionString);
        var ids = people.Select(p => p.ParticipantId).Append(m.MediatorTab.LastState!.ParticipantId).Append(m.SessionId)
            .SelectMany(id => new[] { id, Guid.Parse(id).ToString("D") }).ToList();

        await using var monitor = await RedisMonitor.StartAsync(nodes.Redis.Port);
        await m.MoveAsync(alex, m.ClaimantCaucus);
        var moved = await alex.Tab.WaitForStateAsync(s => s.Reason == "moved" && s.RoomId == m.ClaimantCaucus);
        await alex.Tab.WaitForAsync(alex.Tab.Rosters, r => r.Version == moved.Version && r.RoomId == m.ClaimantCaucus);
        foreach (var tab in new[] { avery.Tab, blake.Tab, drew.Tab })
            await tab.WaitForAsync(tab.Rosters, r => r.Version == moved.Version && r.RoomId == m.Joint && r.People.All(x => x.ParticipantId != alex.ParticipantId));
        await m.MediatorTab.WaitForAsync(m.MediatorTab.SessionViews, v => v.Version == moved.Version);
        var commands = await monitor.UntilAsync(redis.GetDatabase());

        // Every publish that names this session or one of its people (other sessions' leftovers aside).
        var publishes = commands.Where(c => c.Contains("\"PUBLISH\"", StringComparison.OrdinalIgnoreCase) && ids.Any(id => c.Contains(id, StringComparison.OrdinalIgnoreCase))).ToList();
        Assert.True(publishes.Count == 1, $"one publish expected for the move, ran {publishes.Count}:\n{string.Join('\n', publishes.Select(Head))}");
        Assert.Contains("\"caucus:messages\"", publishes[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANodeWritesEachPublishedNoticeOnlyToItsConnectionsOfThePeopleThatNoticeNames()
    {
        await using var m = await Mediation.OpenAsync(nodes.Node1);
        var alex = await m.InviteToLobbyAsync("Alex", "Party", "Claimant", nodes.Node2);
        var alexOnNode1 = await m.SecondDeviceAsync(alex, nodes.Node1);
        var blake = await m.InviteToLobbyAsync("Blake", "Party", "Respondent", nodes.Node2);
        var blakeOnNode1 = await m.SecondDeviceAsync(blake, nodes.Node1);
        await m.AdmitAsync(alex, m.Joint);
        await m.AdmitAsync(blake, m.Joint);
        using var redis = await ConnectionMultiplexer.ConnectAsync(nodes.Redis.ConnectionString);
        var (forAlex, forBlake, laterForAlex) = (Countdown(m.Joint), Countdown(m.Joint), Countdown(m.Joint));

        // As another node publishes one change's batch: a countdown for Alex alone, then one for Blake alone. Both are in
        // the joint room, on both nodes; neither is an addressee of the other's notice.
        await PublishAsync(redis, m, new TimerNotice([Id(alex)], forAlex), new TimerNotice([Id(blake)], forBlake));
        await PublishAsync(redis, m, new TimerNotice([Id(alex)], laterForAlex));

        // A connection's writes keep their order: once the later notice is there, an earlier one would be too.
        foreach (var device in new[] { alex, alexOnNode1 })
        {
            await device.Tab.WaitForAsync(device.Tab.Timers, t => t.TimerId == forAlex.TimerId);
            await device.Tab.WaitForAsync(device.Tab.Timers, t => t.TimerId == laterForAlex.TimerId);
            Assert.DoesNotContain(device.Tab.Timers, t => t.TimerId == forBlake.TimerId);
        }
        foreach (var device in new[] { blake, blakeOnNode1 })
        {
            await device.Tab.WaitForAsync(device.Tab.Timers, t => t.TimerId == forBlake.TimerId);
            Assert.DoesNotContain(device.Tab.Timers, t => t.TimerId == forAlex.TimerId);
        }
        // Blake's devices got nothing of the later envelope either: a change that reaches them comes after it.
        await m.MediatorTab.Hub.StartTimer(m.Joint, 600);
        foreach (var device in new[] { blake, blakeOnNode1 })
        {
            await device.Tab.WaitForAsync(device.Tab.Timers, t => t.State == TimerStates.Running && t.TimerId != forBlake.TimerId);
            Assert.DoesNotContain(device.Tab.Timers, t => t.TimerId == forAlex.TimerId || t.TimerId == laterForAlex.TimerId);
        }
    }

    private static RoomTimerDto Countdown(string room) => new(Guid.NewGuid().ToString("N"), room, TimerStates.Running, DateTimeOffset.UtcNow.AddMinutes(5));

    private static ParticipantId Id(Person person) => new(Guid.Parse(person.ParticipantId));

    private static async Task PublishAsync(ConnectionMultiplexer redis, Mediation m, params Notice[] notices) =>
        await redis.GetSubscriber().PublishAsync(RedisKeys.MessagesChannel, AnotherNode.Envelope(m, notices))
            .WaitAsync(Tab.Timeout);

    /// <summary>A monitor line's start: the command and its channel, not the whole payload.</summary>
    private static string Head(string command) => command.Length > 200 ? command[..200] + "…" : command;
}
