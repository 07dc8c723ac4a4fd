namespace CaucusRooms.Redis.Tests.Nodes;

/// <summary>A node dies with people connected to it; the other node keeps serving, and nothing waits on the dead one for long.</summary>
public sealed class NodeFailureTests(TwoNodes nodes, ITestOutputHelper output) : IClassFixture<TwoNodes>
{
    [Fact]
    public async Task AMoveRightAfterANodeCrashAcksWithinSecondsAndTheReconnectedPersonHoldsTheNewEntitlements()
    {
        await using var m = await Mediation.OpenAsync(nodes.Node1);
        var onNode1 = await m.InviteToLobbyAsync("Alex", "Party", "Claimant", nodes.Node1);
        var onNode2 = await m.SecondDeviceAsync(onNode1, nodes.Node2);
        await m.AdmitAsync(onNode1, m.Joint);

        await nodes.Node2.DisposeAsync();
        var clock = Stopwatch.StartNew();
        await m.MediatorTab.Hub.Move(onNode1.ParticipantId, m.ClaimantCaucus);
        var moveAck = clock.Elapsed;

        var inCaucus = $"caucus after the crash {Guid.NewGuid():N}";
        var inJoint = $"joint after the crash {Guid.NewGuid():N}";
        await m.MediatorTab.SendAsync(m.ClaimantCaucus, inCaucus);
        await m.MediatorTab.SendAsync(m.Joint, inJoint);
        await onNode1.Tab.WaitForMessageAsync(inCaucus);

        // The device that was on the dead node comes back on the live one, with the new entitlements only.
        await onNode2.ReopenTabAsync(m.SessionId, nodes.Node1.BaseAddress);
        Assert.Equal(m.ClaimantCaucus, (await onNode2.Tab.Hub.GetState()).RoomId);
        var resumed = await onNode2.Tab.Hub.GetHistory(m.ClaimantCaucus, 0);
        Assert.Contains(resumed, x => x.Text == inCaucus);
        await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => onNode2.Tab.Hub.GetHistory(m.Joint, 0));
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.False(onNode1.Tab.Saw(inJoint));

        Assert.True(moveAck < TimeSpan.FromSeconds(10), $"The move waited {moveAck.TotalSeconds:0.0} s on the dead node.");
        output.WriteLine($"Move ack right after a node crash: {moveAck.TotalMilliseconds:0} ms");
    }
}
