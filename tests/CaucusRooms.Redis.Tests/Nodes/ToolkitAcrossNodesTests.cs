using System.Collections.Concurrent;
using CaucusRooms.Contracts;
using CaucusRooms.Testing;
using Microsoft.AspNetCore.SignalR.Client;

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

        await m.Mediator.Hub!.InvokeAsync<IReadOnlyList<SendAck>>(nameof(ISessionHub.Announce), Guid.NewGuid().ToString("N"), "Lunch at one.");

        Assert.Equal(MessageKinds.Announcement, (await alex.WaitForAsync("Lunch at one.")).Kind);
        Assert.Contains(await alex.HistoryAsync(m.ClaimantCaucus, 0), x => x.Text == "Lunch at one." && x.Kind == MessageKinds.Announcement);
    }

    [Fact]
    public async Task ATimerStartedOnOneNodeIsStoredForTheOtherAndItsZeroReachesThePartyThere()
    {
        var (m, alex) = await nodes.SessionOnBothNodesAsync();
        await using var _ = m;
        var heard = new ConcurrentQueue<RoomTimerDto>();
        alex.Hub!.On<RoomTimerDto>(nameof(ISessionClient.TimerChanged), heard.Enqueue);

        await m.Mediator.InvokeAsync(nameof(ISessionHub.StartTimer), m.Joint, 600);
        var stored = Assert.Single(await alex.Hub!.InvokeAsync<IReadOnlyList<RoomTimerDto>>(nameof(ISessionHub.GetTimers)));
        await m.Mediator.InvokeAsync(nameof(ISessionHub.CancelTimer), m.Joint);
        await m.Mediator.InvokeAsync(nameof(ISessionHub.StartTimer), m.Joint, 1);

        await Eventually.TrueAsync(() => heard.Any(t => t.State == TimerStates.Ended), Person.Timeout, "the timer's zero on node 2");
        Assert.Equal(m.Joint, stored.RoomId);
        Assert.Contains(heard, t => t.TimerId == stored.TimerId && t.State == TimerStates.Cancelled);
        Assert.Single(heard, t => t.State == TimerStates.Ended);
        Assert.Equal(m.Joint, (await alex.StateAsync()).RoomId);
    }

    [Fact]
    public async Task AnAskOnOneNodeIsQueuedForTheMediatorOnTheOtherAndTheAnswerComesBack()
    {
        var (m, alex) = await nodes.SessionOnBothNodesAsync();
        await using var _ = m;

        await alex.InvokeAsync(nameof(ISessionHub.AskForMediator));
        var ask = Assert.Single((await m.Mediator.SessionAsync()).Asks!);
        await m.Mediator.Hub!.InvokeAsync<SendAck>(nameof(ISessionHub.AnswerAsk), ask.ParticipantId, "Coming in 2 minutes");

        var answer = await alex.WaitForAsync("Coming in 2 minutes");
        Assert.Equal((m.ClaimantCaucus, MessageKinds.AskAnswer), (answer.RoomId, answer.Kind));
        Assert.Empty((await m.Mediator.SessionAsync()).Asks!);
    }
}
