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
        var avery = await m.InviteToLobbyAsync("Avery", "Party", "Claimant", nodes.Node1);
        var blake = await m.InviteToLobbyAsync("Blake", "Party", "Respondent", nodes.Node2);
        var blakeOnNode1 = await m.SecondDeviceAsync(blake, nodes.Node1);
        await m.AdmitAsync(avery, m.Joint);
        await m.AdmitAsync(blake, m.Joint);
        await m.MediatorTab.SendAsync(m.Joint, "before Blake left");

        await m.MediatorTab.Hub.Move(blake.ParticipantId, m.RespondentCaucus);
        await m.MediatorTab.SendAsync(m.Joint, "mediator while Blake was away");
        await avery.Tab.SendAsync(m.Joint, "Avery while Blake was away");
        await m.MediatorTab.Hub.Move(blake.ParticipantId, m.Joint);
        await m.MediatorTab.SendAsync(m.Joint, "after Blake came back");
        foreach (var device in new[] { blake, blakeOnNode1 }) await device.Tab.WaitForMessageAsync("after Blake came back");
        await Task.Delay(Grace);

        foreach (var device in new[] { blake, blakeOnNode1 })
        {
            Assert.DoesNotContain(device.Tab.Messages, x => x.Text.Contains("while Blake was away", StringComparison.Ordinal));
            Assert.Equal(["before Blake left", "after Blake came back"], (await device.Tab.Hub.GetHistory(m.Joint, 0)).Select(x => x.Text));
        }
        // The device on node 2 reconnects to node 1: still only what Blake was a reader of.
        await blake.ReopenTabAsync(m.SessionId, nodes.Node1.BaseAddress);
        Assert.Equal(["before Blake left", "after Blake came back"], (await blake.Tab.Hub.GetHistory(m.Joint, 0)).Select(x => x.Text));
        Assert.Equal(4, (await avery.Tab.Hub.GetHistory(m.Joint, 0)).Count);
        Assert.Equal(4, (await m.MediatorTab.Hub.GetHistory(m.Joint, 0)).Count);
    }

    [Fact]
    public async Task AMoveIsAcknowledgedWhileTheNodeHoldingThePersonsOtherConnectionIsFrozen()
    {
        await using var m = await Mediation.OpenAsync(nodes.Node1);
        var onNode1 = await m.InviteToLobbyAsync("Alex", "Party", "Claimant", nodes.Node1);
        var onNode2 = await m.SecondDeviceAsync(onNode1, nodes.Node2);
        await m.AdmitAsync(onNode1, m.Joint);

        Task move;
        using (nodes.Node2.Freeze())
        {
            move = m.MediatorTab.Hub.Move(onNode1.ParticipantId, m.ClaimantCaucus);
            // Nothing of a move waits on another node: it is acknowledged before node 2 runs again.
            await move.WaitAsync(TimeSpan.FromSeconds(3));
        }
        Assert.True(move.IsCompletedSuccessfully);

        var inJoint = $"joint after the move {Guid.NewGuid():N}";
        var inCaucus = $"caucus after the move {Guid.NewGuid():N}";
        await m.MediatorTab.SendAsync(m.Joint, inJoint);
        await m.MediatorTab.SendAsync(m.ClaimantCaucus, inCaucus);
        foreach (var device in new[] { onNode1, onNode2 }) await device.Tab.WaitForMessageAsync(inCaucus);
        await Task.Delay(Grace);
        Assert.False(onNode1.Tab.Saw(inJoint) || onNode2.Tab.Saw(inJoint), "a device received the joint room after being moved out of it");
        Assert.Equal(m.ClaimantCaucus, (await onNode2.Tab.Hub.GetState()).RoomId);
        await Assert.ThrowsAsync<HubException>(() => onNode2.Tab.Hub.GetHistory(m.Joint, 0));
    }
}
