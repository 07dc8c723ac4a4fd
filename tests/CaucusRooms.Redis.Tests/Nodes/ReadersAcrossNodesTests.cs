using CaucusRooms.Contracts;
using Microsoft.AspNetCore.SignalR;

namespace CaucusRooms.Redis.Tests.Nodes;

/// <summary>
/// Invariant 3 across nodes: a message's readers are fixed when it is sent, on whichever node; a party on the
/// other node, moved out and back, reads only what they were a reader of, live, in history and after a
/// reconnect to either node. A move changes no delivery group, so it waits for no node.
/// </summary>
[Collection(TwoNodesTestGroup.Name)]
public sealed class ReadersAcrossNodesTests(TwoNodes nodes)
{
    private static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(600);

    [Fact]
    public async Task APartyOnTheOtherNodeMovedOutAndBackReadsOnlyWhatTheyWereAReaderOf()
    {
        await using var m = await Mediation.OpenAsync(nodes.Node1);
        var avery = await m.InviteAsync("Avery", "Party", "Claimant", nodes.Node1);
        var blake = await m.InviteAsync("Blake", "Party", "Respondent", nodes.Node2);
        var blakeOnNode1 = await m.SecondDeviceAsync(blake, nodes.Node1);
        await m.AdmitAsync(avery, m.Joint);
        await m.AdmitAsync(blake, m.Joint);
        await m.Mediator.SendAsync(m.Joint, "before Blake left");

        await m.Mediator.InvokeAsync(nameof(ISessionHub.Move), blake.ParticipantId, m.RespondentCaucus);
        await m.Mediator.SendAsync(m.Joint, "mediator while Blake was away");
        await avery.SendAsync(m.Joint, "Avery while Blake was away");
        await m.Mediator.InvokeAsync(nameof(ISessionHub.Move), blake.ParticipantId, m.Joint);
        await m.Mediator.SendAsync(m.Joint, "after Blake came back");
        foreach (var device in new[] { blake, blakeOnNode1 }) await device.WaitForAsync("after Blake came back");
        await Task.Delay(Grace);

        foreach (var device in new[] { blake, blakeOnNode1 })
        {
            Assert.DoesNotContain(device.Received, x => x.Text.Contains("while Blake was away", StringComparison.Ordinal));
            Assert.Equal(["before Blake left", "after Blake came back"], (await device.HistoryAsync(m.Joint, 0)).Select(x => x.Text));
        }
        // The device on node 2 reconnects to node 1: still only what Blake was a reader of.
        await blake.ConnectAsync(nodes.Node1.BaseAddress, m.SessionId);
        Assert.Equal(["before Blake left", "after Blake came back"], (await blake.HistoryAsync(m.Joint, 0)).Select(x => x.Text));
        Assert.Equal(4, (await avery.HistoryAsync(m.Joint, 0)).Count);
        Assert.Equal(4, (await m.Mediator.HistoryAsync(m.Joint, 0)).Count);
    }

    [Fact]
    public async Task AMoveIsAcknowledgedWhileTheNodeHoldingThePersonsOtherConnectionIsFrozen()
    {
        await using var m = await Mediation.OpenAsync(nodes.Node1);
        var onNode1 = await m.InviteAsync("Alex", "Party", "Claimant", nodes.Node1);
        var onNode2 = await m.SecondDeviceAsync(onNode1, nodes.Node2);
        await m.AdmitAsync(onNode1, m.Joint);

        Task move;
        using (nodes.Node2.Freeze())
        {
            move = m.Mediator.InvokeAsync(nameof(ISessionHub.Move), onNode1.ParticipantId, m.ClaimantCaucus);
            // Nothing of a move waits on another node: it is acknowledged before node 2 runs again.
            await move.WaitAsync(TimeSpan.FromSeconds(3));
        }
        Assert.True(move.IsCompletedSuccessfully);

        var inJoint = $"joint after the move {Guid.NewGuid():N}";
        var inCaucus = $"caucus after the move {Guid.NewGuid():N}";
        await m.Mediator.SendAsync(m.Joint, inJoint);
        await m.Mediator.SendAsync(m.ClaimantCaucus, inCaucus);
        foreach (var device in new[] { onNode1, onNode2 }) await device.WaitForAsync(inCaucus);
        await Task.Delay(Grace);
        Assert.False(onNode1.HasReceived(inJoint) || onNode2.HasReceived(inJoint), "a device received the joint room after being moved out of it");
        Assert.Equal(m.ClaimantCaucus, (await onNode2.StateAsync()).RoomId);
        await Assert.ThrowsAsync<HubException>(() => onNode2.HistoryAsync(m.Joint, 0));
    }
}
