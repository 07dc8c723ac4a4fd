using Microsoft.AspNetCore.SignalR;

namespace CaucusRooms.Redis.Tests.Nodes;

/// <summary>Two server processes on one Redis act as one service, with people spread over both.</summary>
[Collection(TwoNodesTestGroup.Name)]
public sealed class TwoNodeTests(TwoNodes nodes, ITestOutputHelper output)
{
    /// <summary>How long a message that must not arrive is given to arrive anyway.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(600);

    [Fact]
    public async Task EveryoneReceivesExactlyTheRoomsTheyAreEntitledToWhicheverNodeTheyAreOn()
    {
        await using var m = await Mediation.OpenAsync(nodes.Node1);
        var a = await m.InviteToLobbyAsync("Alex", "Party", "Claimant", nodes.Node2);
        var a2 = await m.InviteToLobbyAsync("Ari", "Advisor", "Claimant", nodes.Node1);
        var b = await m.InviteToLobbyAsync("Blake", "Party", "Respondent", nodes.Node1);
        var b2 = await m.InviteToLobbyAsync("Bo", "Advisor", "Respondent", nodes.Node2);
        await m.AdmitAsync(a, m.ClaimantCaucus);
        await m.AdmitAsync(a2, m.Joint);
        await m.AdmitAsync(b, m.Joint);
        await m.AdmitAsync(b2, m.RespondentCaucus);
        var everyone = new[] { m.Mediator, a, a2, b, b2 };

        var sends = new (Person Sender, string Room, Person[] Receivers)[]
        {
            (m.Mediator, m.Joint, [m.Mediator, a2, b]),
            (m.Mediator, m.ClaimantCaucus, [m.Mediator, a, a2]),
            (m.Mediator, m.RespondentCaucus, [m.Mediator, b, b2]),
            (m.Mediator, m.MediatorsRoom, [m.Mediator]),
            (a, m.ClaimantCaucus, [m.Mediator, a, a2]),
            (a2, m.Joint, [m.Mediator, a2, b]),
            (b, m.Joint, [m.Mediator, a2, b]),
            (b2, m.RespondentCaucus, [m.Mediator, b, b2]),
        };
        var expected = everyone.ToDictionary(p => p, _ => new HashSet<string>());
        foreach (var (sender, room, receivers) in sends)
        {
            var text = $"{sender.Name} in {room} {Guid.NewGuid():N}";
            await sender.Tab.SendAsync(room, text);
            foreach (var r in receivers) expected[r].Add(text);
        }
        foreach (var (person, texts) in expected)
            foreach (var text in texts) await person.Tab.WaitForMessageAsync(text);
        await Task.Delay(Grace);

        foreach (var person in everyone)
            Assert.True(expected[person].SetEquals(person.Tab.Messages.Select(x => x.Text)),
                $"{person.Name} received [{string.Join(", ", person.Tab.Messages.Select(x => x.Text))}], expected [{string.Join(", ", expected[person])}]");

        // Not entitled: refused with a clear error, delivered nowhere.
        await AssertRefusedAsync(a.Tab.SendAsync(m.Joint, "Alex in the joint room while in caucus"));
        await AssertRefusedAsync(b2.Tab.SendAsync(m.ClaimantCaucus, "Bo into the other side's caucus"));
        await AssertRefusedAsync(a2.Tab.SendAsync(m.RespondentCaucus, "Ari into the other side's caucus"));
        await AssertRefusedAsync(b.Tab.Hub.GetHistory(m.ClaimantCaucus, 0));
    }

    [Fact]
    public async Task AMoveOnOneNodeReachesThePersonsConnectionsOnBothNodesBeforeItsAck()
    {
        await using var m = await Mediation.OpenAsync(nodes.Node1);
        var onNode2 = await m.InviteToLobbyAsync("Alex", "Party", "Claimant", nodes.Node2);
        var onNode1 = await m.SecondDeviceAsync(onNode2, nodes.Node1);
        await m.AdmitAsync(onNode2, m.ClaimantCaucus);
        var devices = new[] { onNode1, onNode2 };

        var clock = Stopwatch.StartNew();
        await m.MediatorTab.Hub.Move(onNode2.ParticipantId, m.Joint);
        var moveAck = clock.Elapsed;
        // Sent right after the ack: it can only reach both tabs if their groups changed before it.
        var toJoint = "joint right after the move " + Guid.NewGuid().ToString("N");
        await m.MediatorTab.SendAsync(m.Joint, toJoint);
        foreach (var device in devices) await device.Tab.WaitForMessageAsync(toJoint);

        await m.MediatorTab.Hub.Move(onNode2.ParticipantId, m.ClaimantCaucus);
        var leftJoint = "joint right after moving back " + Guid.NewGuid().ToString("N");
        var inCaucus = "caucus right after moving back " + Guid.NewGuid().ToString("N");
        await m.MediatorTab.SendAsync(m.Joint, leftJoint);
        await m.MediatorTab.SendAsync(m.ClaimantCaucus, inCaucus);
        foreach (var device in devices) await device.Tab.WaitForMessageAsync(inCaucus);
        await Task.Delay(Grace);

        foreach (var device in devices)
        {
            Assert.False(device.Tab.Saw(leftJoint), $"{device.Name} still received the joint room after being moved out of it.");
            Assert.Equal(m.ClaimantCaucus, (await device.Tab.Hub.GetState()).RoomId);
            Assert.Contains(device.Tab.States, s => s.Reason == "moved" && s.RoomId == m.Joint);
        }
        await AssertRefusedAsync(onNode2.Tab.SendAsync(m.Joint, "typed in the joint room before the move"));
        output.WriteLine($"Move ack with a connection on the other node: {moveAck.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task AReconnectThatLandsOnTheOtherNodeResumesFromTheLastSeenSeqWithExactlyTheMissedMessages()
    {
        await using var m = await Mediation.OpenAsync(nodes.Node1);
        var a = await m.InviteToLobbyAsync("Alex", "Party", "Claimant", nodes.Node2);
        await m.AdmitAsync(a, m.ClaimantCaucus);
        for (var i = 1; i <= 2; i++) await a.Tab.WaitForMessageAsync((await SendAsync(m.Mediator, m.ClaimantCaucus, $"before {i}")).Text);
        var lastSeen = a.Tab.Messages.Max(x => x.Seq);

        await a.CloseTabsAsync();
        var missed = new List<string>();
        for (var i = 1; i <= 3; i++) missed.Add((await SendAsync(m.Mediator, m.ClaimantCaucus, $"missed {i}")).Text);
        await SendAsync(m.Mediator, m.Joint, "joint while away");
        await SendAsync(m.Mediator, m.RespondentCaucus, "other side while away");
        await a.ReopenTabAsync(m.SessionId, nodes.Node1.BaseAddress);

        var resumed = await a.Tab.Hub.GetHistory(m.ClaimantCaucus, lastSeen);

        Assert.Equal(missed, resumed.Select(x => x.Text));
        Assert.Equal(Enumerable.Range(1, 3).Select(i => lastSeen + i), resumed.Select(x => x.Seq));
        Assert.All(resumed, x => Assert.Equal(m.ClaimantCaucus, x.RoomId));
        await AssertRefusedAsync(a.Tab.Hub.GetHistory(m.Joint, 0));
        await AssertRefusedAsync(a.Tab.Hub.GetHistory(m.RespondentCaucus, 0));
        var live = (await SendAsync(m.Mediator, m.ClaimantCaucus, "live after the reconnect")).Text;
        await a.Tab.WaitForMessageAsync(live);
    }

    [Fact]
    public async Task TwoMediatorsOnDifferentNodesMovingOnePersonAtOnceEndInOneStateEveryNodeAgreesOn()
    {
        await using var m = await Mediation.OpenAsync(nodes.Node1);
        var co = await m.InviteToLobbyAsync("Casey (co-mediator)", "Mediator", null, nodes.Node2);
        await m.AdmitAsync(co, m.MediatorsRoom);
        var onNode1 = await m.InviteToLobbyAsync("Alex", "Party", "Claimant", nodes.Node1);
        var onNode2 = await m.SecondDeviceAsync(onNode1, nodes.Node2);
        await m.AdmitAsync(onNode1, m.Joint);
        var devices = new[] { onNode1, onNode2 };

        for (var round = 1; round <= 5; round++)
        {
            // Opposite targets at once: whichever order the nodes serialize them in, one state results.
            var results = await Task.WhenAll(
                Outcome(m.MediatorTab.Hub.Move(onNode1.ParticipantId, m.ClaimantCaucus)),
                Outcome(co.Tab.Hub.Move(onNode1.ParticipantId, m.Joint)));
            Assert.All(results, r => Assert.True(r is "ok" || r.StartsWith("NoChange", StringComparison.Ordinal), r));

            var view1 = await m.MediatorTab.Hub.GetSession();
            var view2 = await co.Tab.Hub.GetSession();
            var where1 = view1.People.Single(p => p.ParticipantId == onNode1.ParticipantId).RoomId;
            var where2 = view2.People.Single(p => p.ParticipantId == onNode1.ParticipantId).RoomId;
            Assert.Equal(view1.Version, view2.Version);
            Assert.Equal(where1, where2);
            foreach (var device in devices) Assert.Equal(where1, (await device.Tab.Hub.GetState()).RoomId);

            // Every connection holds the groups of that one state: its own caucus always, the joint room only while there.
            var inJoint = where1 == m.Joint;
            var jointProbe = (await SendAsync(m.Mediator, m.Joint, $"round {round} joint")).Text;
            var caucusProbe = (await SendAsync(co, m.ClaimantCaucus, $"round {round} caucus")).Text;
            foreach (var device in devices)
            {
                await device.Tab.WaitForMessageAsync(caucusProbe);
                if (inJoint) await device.Tab.WaitForMessageAsync(jointProbe);
            }
            await Task.Delay(Grace);
            foreach (var device in devices)
                Assert.True(device.Tab.Saw(jointProbe) == inJoint, $"Round {round} ({string.Join(", ", results)}; in {Room(m, where1)}): {device.Name} "
                    + $"{(inJoint ? "missed" : "received")} the joint room. States: {string.Join(" | ", device.Tab.States.Select(s => $"{s.Reason}@{Room(m, s.RoomId)} v{s.Version}"))}");
            output.WriteLine($"Round {round}: mediator {results[0]}, co-mediator {results[1]}; Alex in {(where1 == m.Joint ? "joint" : "caucus")}");
        }
    }

    [Fact]
    public async Task ARemovalOnOneNodeClosesThePersonsConnectionOnTheOtherNodeAndEndsTheirInvite()
    {
        await using var m = await Mediation.OpenAsync(nodes.Node1);
        var a = await m.InviteToLobbyAsync("Alex", "Party", "Claimant", nodes.Node2);
        await m.AdmitAsync(a, m.Joint);
        var closed = new TaskCompletionSource();
        a.Tab.Connection.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };

        await m.MediatorTab.Hub.Remove(a.ParticipantId);
        var afterRemoval = (await SendAsync(m.Mediator, m.Joint, "after the removal")).Text;

        await closed.Task.WaitAsync(Tab.Timeout);
        Assert.False(a.Tab.Saw(afterRemoval));
        Assert.Contains(a.Tab.States, s => s.Reason == "removed");
        await using var sameInvite = new Person(nodes.Node1, "Alex again");
        using var again = await sameInvite.Browser
            .PostAsJsonAsync("api/invites/redeem", new CaucusRooms.Contracts.RedeemRequest(a.InviteCode));
        Assert.Equal(System.Net.HttpStatusCode.Gone, again.StatusCode);
    }

    [Fact]
    public async Task MessagesCrossToTheOtherNodeInOrderAndQuickly()
    {
        await using var m = await Mediation.OpenAsync(nodes.Node1);
        var a = await m.InviteToLobbyAsync("Alex", "Party", "Claimant", nodes.Node2);
        await m.AdmitAsync(a, m.ClaimantCaucus);
        var latencies = new List<double>();

        // 40: within one connection's hub rate limit (burst 60).
        for (var i = 0; i < 40; i++)
        {
            var text = $"latency probe {i} {Guid.NewGuid():N}";
            var clock = Stopwatch.StartNew();
            await m.MediatorTab.SendAsync(m.ClaimantCaucus, text);
            await a.Tab.WaitForMessageAsync(text);
            latencies.Add(clock.Elapsed.TotalMilliseconds);
        }

        var seqs = a.Tab.Messages.Where(x => x.Text.StartsWith("latency probe", StringComparison.Ordinal)).Select(x => x.Seq).ToList();
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), seqs);
        latencies.Sort();
        var (p50, p95) = (latencies[19], latencies[37]);
        output.WriteLine($"Send on node 1 to receipt on node 2 (ack and delivery, 40 messages): p50 {p50:0.0} ms, p95 {p95:0.0} ms, max {latencies[^1]:0.0} ms");
        Assert.True(p95 < 2000, $"p95 {p95:0} ms");
    }

    private static string Room(Mediation m, string? id) =>
        id == m.Joint ? "joint" : id == m.ClaimantCaucus ? "claimant caucus" : id == m.RespondentCaucus ? "respondent caucus" : id ?? "nowhere";

    private static async Task<(string Text, CaucusRooms.Contracts.SendAck Ack)> SendAsync(Person sender, string room, string label)
    {
        var text = $"{label} {Guid.NewGuid():N}";
        return (text, await sender.Tab.SendAsync(room, text));
    }

    private static async Task<string> Outcome(Task call)
    {
        try
        {
            await call;
            return "ok";
        }
        catch (HubException e)
        {
            return HubRefusal.TryParse(e.Message, out var refusal) ? refusal.ToString() : e.Message;
        }
    }

    private static async Task AssertRefusedAsync(Task call)
    {
        Assert.Equal("NotEntitled", await Refused.ReasonOf(() => call));
    }
}
