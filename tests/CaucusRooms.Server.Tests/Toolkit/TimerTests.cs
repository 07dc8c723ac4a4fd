using CaucusRooms.Domain;
using CaucusRooms.Server.Toolkit;
using Microsoft.Extensions.DependencyInjection;

namespace CaucusRooms.Server.Tests.Toolkit;

/// <summary>A room's countdown: the room's people and the mediators see it and hear its zero; nobody else; nobody is moved.</summary>
public sealed class TimerTests(HubServerFixture server) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task ACountdownOnACaucusIsSeenByThePeopleInItAndTheMediatorAndAtZeroMovesNobody()
    {
        await using var m = await Mediation.OpenAsync(server);
        var caucus = m.CaucusOf("Claimant");
        var (_, alice) = await m.JoinAsync("Alice", "Party", "Claimant", caucus);
        var (_, bob) = await m.JoinAsync("Bob", "Party", "Respondent", m.Joint);
        var mediatorTimers = m.MediatorTab.Timers;
        var aliceTimers = alice.Timers;
        var bobTimers = bob.Timers;

        await m.MediatorTab.Invoke(nameof(ISessionHub.StartTimer), caucus, 1);

        var running = await alice.WaitForAsync(aliceTimers, t => t.State == TimerStates.Running);
        Assert.Equal(caucus, running.RoomId);
        await m.MediatorTab.WaitForAsync(mediatorTimers, t => t.TimerId == running.TimerId && t.State == TimerStates.Running);
        await alice.WaitForAsync(aliceTimers, t => t.TimerId == running.TimerId && t.State == TimerStates.Ended);
        await m.MediatorTab.WaitForAsync(mediatorTimers, t => t.TimerId == running.TimerId && t.State == TimerStates.Ended);
        // Bob hears his own room's countdown; by then anything about the caucus's would have reached him too.
        await m.MediatorTab.Invoke(nameof(ISessionHub.StartTimer), m.Joint, 600);
        await bob.WaitForAsync(bobTimers, t => t.RoomId == m.Joint);

        Assert.DoesNotContain(bobTimers, t => t.RoomId == caucus);
        Assert.Equal(caucus, (await alice.Invoke<MyStateDto>(nameof(ISessionHub.GetState))).RoomId);
        Assert.Empty(await alice.Invoke<IReadOnlyList<RoomTimerDto>>(nameof(ISessionHub.GetTimers)));
        Assert.Equal([m.Joint], (await bob.Invoke<IReadOnlyList<RoomTimerDto>>(nameof(ISessionHub.GetTimers))).Select(t => t.RoomId));
    }

    [Fact]
    public async Task AnExtendedCountdownEndsLaterAndACancelledOneNeverEnds()
    {
        await using var m = await Mediation.OpenAsync(server);
        var timers = m.MediatorTab.Timers;
        await m.MediatorTab.Invoke(nameof(ISessionHub.StartTimer), m.Joint, 600);
        var first = await m.MediatorTab.WaitForAsync(timers, t => t.State == TimerStates.Running);

        await m.MediatorTab.Invoke(nameof(ISessionHub.ExtendTimer), m.Joint, 300);
        var extended = await m.MediatorTab.WaitForAsync(timers, t => t.State == TimerStates.Running && t.EndsAt > first.EndsAt);
        Assert.Equal(TimeSpan.FromMinutes(5), extended.EndsAt - first.EndsAt);
        Assert.Equal(extended.EndsAt, Assert.Single(await m.MediatorTab.Invoke<IReadOnlyList<RoomTimerDto>>(nameof(ISessionHub.GetTimers))).EndsAt);

        await m.MediatorTab.Invoke(nameof(ISessionHub.CancelTimer), m.Joint);
        await m.MediatorTab.WaitForAsync(timers, t => t.TimerId == first.TimerId && t.State == TimerStates.Cancelled);
        await m.MediatorTab.Invoke(nameof(ISessionHub.StartTimer), m.Joint, 1);
        var second = await m.MediatorTab.WaitForAsync(timers, t => t.TimerId != first.TimerId && t.State == TimerStates.Ended);

        Assert.Equal(m.Joint, second.RoomId);
        Assert.DoesNotContain(timers, t => t.TimerId == first.TimerId && t.State == TimerStates.Ended);
        Assert.Equal("NoChange", await Refused.ReasonOf(() => m.MediatorTab.Invoke(nameof(ISessionHub.CancelTimer), m.Joint)));
    }

    [Fact]
    public async Task PartiesAdvisorsAndPeopleInTheLobbyCannotSetTimersAndBadDurationsAreRefused()
    {
        await using var m = await Mediation.OpenAsync(server);
        var others = await NotMediators.JoinAsync(m);

        foreach (var tab in others.Tabs)
        {
            Assert.Equal("NotAMediator", await Refused.ReasonOf(() => tab.Invoke(nameof(ISessionHub.StartTimer), m.Joint, 600)));
            Assert.Equal("NotAMediator", await Refused.ReasonOf(() => tab.Invoke(nameof(ISessionHub.CancelTimer), m.Joint)));
        }
        Assert.Equal("InvalidInput", await Refused.ReasonOf(() => m.MediatorTab.Invoke(nameof(ISessionHub.StartTimer), m.Joint, 0)));
        Assert.Equal("UnknownRoom", await Refused.ReasonOf(() => m.MediatorTab.Invoke(nameof(ISessionHub.StartTimer), Guid.NewGuid().ToString("N"), 60)));
        Assert.Empty(await others.Lobby.Invoke<IReadOnlyList<RoomTimerDto>>(nameof(ISessionHub.GetTimers)));
        Assert.Empty(await m.MediatorTab.Invoke<IReadOnlyList<RoomTimerDto>>(nameof(ISessionHub.GetTimers)));
    }

    [Fact]
    public async Task ACountdownWhoseSessionClosedBeforeItsZeroIsRefusedOnceAndNotArmedAgain()
    {
        await using var m = await Mediation.OpenAsync(server);
        var watch = server.Services.GetRequiredService<RoomTimers>();
        var refusedEnd = $"Session {m.SessionId}: {nameof(TimerEnded)} refused: SessionClosed.";
        await m.MediatorTab.Hub.StartTimer(m.Joint, 3);
        var running = await m.MediatorTab.WaitForAsync(m.MediatorTab.Timers, t => t.State == TimerStates.Running);
        var timerId = Guid.Parse(running.TimerId);
        Assert.True(watch.IsArmed(timerId));

        await m.MediatorTab.Hub.CloseSession();

        // At its zero the closed session refuses to end it and holds no timer to arm again, so the node stops watching it.
        await Eventually.TrueAsync(() => server.Logs.Lines.Any(l => l.Contains(refusedEnd, StringComparison.Ordinal)), TimeSpan.FromSeconds(15), "the refused end at zero");
        await Eventually.TrueAsync(() => !watch.IsArmed(timerId), Tab.Timeout, "the countdown to be no longer armed");
        Assert.Single(server.Logs.Lines, l => l.Contains(refusedEnd, StringComparison.Ordinal));
        Assert.DoesNotContain(m.MediatorTab.Timers, t => t.TimerId == running.TimerId && t.State == TimerStates.Ended);
    }
}
