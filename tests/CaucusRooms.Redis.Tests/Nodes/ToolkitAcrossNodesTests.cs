namespace CaucusRooms.Redis.Tests.Nodes;

/// <summary>The mediator's toolkit with two nodes: its state lives in Redis, so whichever node a person is on sees it and hears it.</summary>
[Collection(TwoNodesTestGroup.Name)]
public sealed class ToolkitAcrossNodesTests(TwoNodes nodes)
{
    [Fact]
    public async Task AnAnnouncementFromOneNodeReachesAPartyOnTheOtherMarkedLiveAndInSealedHistory()
    {
        var (m, alex) = await nodes.SessionOnBothNodesAsync();
        await using var _ = m;

        await m.MediatorTab.Hub.Announce(Guid.NewGuid().ToString("N"), "Lunch at one.");

        Assert.Equal(MessageKinds.Announcement, (await alex.Tab.WaitForMessageAsync("Lunch at one.")).Kind);
        Assert.Contains(await alex.Tab.Hub.GetHistory(m.ClaimantCaucus, 0), x => x.Text == "Lunch at one." && x.Kind == MessageKinds.Announcement);
    }

    [Fact]
    public async Task ATimerStartedOnOneNodeIsStoredForTheOtherAndItsZeroReachesThePartyThere()
    {
        var (m, alex) = await nodes.SessionOnBothNodesAsync();
        await using var _ = m;
        var heard = alex.Tab.Timers;

        await m.MediatorTab.Hub.StartTimer(m.Joint, 600);
        var stored = Assert.Single(await alex.Tab.Hub.GetTimers());
        await m.MediatorTab.Hub.CancelTimer(m.Joint);
        await m.MediatorTab.Hub.StartTimer(m.Joint, 1);

        await alex.Tab.WaitForAsync(heard, t => t.State == TimerStates.Ended);
        Assert.Equal(m.Joint, stored.RoomId);
        Assert.Contains(heard, t => t.TimerId == stored.TimerId && t.State == TimerStates.Cancelled);
        Assert.Single(heard, t => t.State == TimerStates.Ended);
        Assert.Equal(m.Joint, (await alex.Tab.Hub.GetState()).RoomId);
    }

    [Fact]
    public async Task AnAskOnOneNodeIsQueuedForTheMediatorOnTheOtherAndTheAnswerComesBack()
    {
        var (m, alex) = await nodes.SessionOnBothNodesAsync();
        await using var _ = m;

        await alex.Tab.Hub.AskForMediator();
        var ask = Assert.Single((await m.MediatorTab.Hub.GetSession()).Asks!);
        await m.MediatorTab.Hub.AnswerAsk(ask.ParticipantId, "Coming in 2 minutes");

        var answer = await alex.Tab.WaitForMessageAsync("Coming in 2 minutes");
        Assert.Equal((m.ClaimantCaucus, MessageKinds.AskAnswer), (answer.RoomId, answer.Kind));
        Assert.Empty((await m.MediatorTab.Hub.GetSession()).Asks!);
    }
}
