namespace CaucusRooms.Domain.Tests.Toolkit;

/// <summary>A room's countdown: only mediators set it, the room's people and the mediators see it, at zero a notice and never a move.</summary>
public sealed class RoomTimerRulesTests
{
    private static readonly TimeSpan TenMinutes = TimeSpan.FromMinutes(10);

    [Fact]
    public void AMediatorStartsExtendsAndCancelsACountdownOnARoom()
    {
        var s = new SessionBuilder();
        var id = Guid.NewGuid();

        Assert.True(s.Session.StartTimer(s.Mediator, s.CaucusA.Id, TenMinutes, id, At).IsAccepted);
        Assert.Equal(At + TenMinutes, s.Session.TimerOf(s.CaucusA.Id)!.EndsAt);
        Assert.Equal(RefusalReason.NoChange, s.Session.StartTimer(s.Mediator, s.CaucusA.Id, TenMinutes, Guid.NewGuid(), At).Refusal?.Reason);

        Assert.True(s.Session.ExtendTimer(s.Mediator, s.CaucusA.Id, TimeSpan.FromMinutes(5), At).IsAccepted);
        Assert.Equal(At + TimeSpan.FromMinutes(15), s.Session.TimerOf(s.CaucusA.Id)!.EndsAt);

        Assert.True(s.Session.CancelTimer(s.Mediator, s.CaucusA.Id, At).IsAccepted);
        Assert.Null(s.Session.TimerOf(s.CaucusA.Id));
        Assert.Equal(RefusalReason.NoChange, s.Session.CancelTimer(s.Mediator, s.CaucusA.Id, At).Refusal?.Reason);
    }

    [Fact]
    public void PartiesAndPeopleInTheLobbyCannotSetATimer()
    {
        var s = new SessionBuilder();
        var avery = s.AdmittedTo(s.Joint, Role.Party, s.SideA, "Avery");
        var waiting = s.Accepted(Role.Advisor, s.SideA, "Wren");

        Assert.Equal(RefusalReason.NotAMediator, s.Session.StartTimer(avery, s.Joint.Id, TenMinutes, Guid.NewGuid(), At).Refusal?.Reason);
        Assert.Equal(RefusalReason.NotAMediator, s.Session.StartTimer(waiting, s.Joint.Id, TenMinutes, Guid.NewGuid(), At).Refusal?.Reason);
        Assert.True(s.Session.StartTimer(s.Mediator, s.Joint.Id, TenMinutes, Guid.NewGuid(), At).IsAccepted);
        Assert.Equal(RefusalReason.NotAMediator, s.Session.CancelTimer(avery, s.Joint.Id, At).Refusal?.Reason);
        Assert.Equal(RefusalReason.NotAMediator, s.Session.ExtendTimer(avery, s.Joint.Id, TenMinutes, At).Refusal?.Reason);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-60)]
    [InlineData(4 * 3600 + 1)]
    public void ACountdownOutsideOneSecondToFourHoursIsRefused(int seconds)
    {
        var s = new SessionBuilder();

        var outcome = s.Session.StartTimer(s.Mediator, s.Joint.Id, TimeSpan.FromSeconds(seconds), Guid.NewGuid(), At);

        Assert.Equal(RefusalReason.InvalidInput, outcome.Refusal?.Reason);
        Assert.Null(s.Session.TimerOf(s.Joint.Id));
    }

    [Fact]
    public void AtZeroTheCountdownEndsOnceAndNobodyIsMoved()
    {
        var s = new SessionBuilder();
        var avery = s.AdmittedTo(s.CaucusA, Role.Party, s.SideA, "Avery");
        var id = Guid.NewGuid();
        s.Session.StartTimer(s.Mediator, s.CaucusA.Id, TenMinutes, id, At);

        Assert.Equal(RefusalReason.NoChange, s.Session.EndTimer(id, At + TimeSpan.FromMinutes(9)).Refusal?.Reason);
        var ended = s.Session.EndTimer(id, At + TenMinutes);

        Assert.IsType<TimerEnded>(ended.Event);
        Assert.Equal(s.Mediator, ended.Event!.Actor);
        Assert.Equal(Location.In(s.CaucusA.Id), s.LocationOf(avery));
        Assert.Equal(RefusalReason.NoChange, s.Session.EndTimer(id, At + TenMinutes).Refusal?.Reason);
    }

    [Fact]
    public void TheZeroOfACancelledOrExtendedCountdownEndsNothing()
    {
        var s = new SessionBuilder();
        var first = Guid.NewGuid();
        s.Session.StartTimer(s.Mediator, s.Joint.Id, TenMinutes, first, At);
        s.Session.CancelTimer(s.Mediator, s.Joint.Id, At);
        var second = Guid.NewGuid();
        s.Session.StartTimer(s.Mediator, s.Joint.Id, TenMinutes, second, At + TimeSpan.FromMinutes(1));

        Assert.False(s.Session.EndTimer(first, At + TenMinutes).IsAccepted);
        s.Session.ExtendTimer(s.Mediator, s.Joint.Id, TenMinutes, At + TimeSpan.FromMinutes(2));
        Assert.False(s.Session.EndTimer(second, At + TimeSpan.FromMinutes(11)).IsAccepted);
        Assert.NotNull(s.Session.TimerOf(s.Joint.Id));
    }

    [Fact]
    public void OnlyThePeopleInTheRoomAndTheMediatorsSeeItsCountdown()
    {
        var s = new SessionBuilder();
        var avery = s.AdmittedTo(s.CaucusA, Role.Party, s.SideA, "Avery");
        var abe = s.AdmittedTo(s.Joint, Role.Advisor, s.SideA, "Abe");
        var blake = s.AdmittedTo(s.Joint, Role.Party, s.SideB, "Blake");
        var waiting = s.Accepted(Role.Party, s.SideB, "Wren");
        s.Session.StartTimer(s.Mediator, s.CaucusA.Id, TenMinutes, Guid.NewGuid(), At);

        Assert.Equal(new[] { s.Mediator, avery }.ToHashSet(), Entitlements.TimerAudience(s.Session, s.CaucusA.Id).ToHashSet());
        Assert.Single(Entitlements.VisibleTimers(s.Session, avery));
        Assert.Single(Entitlements.VisibleTimers(s.Session, s.Mediator));
        foreach (var other in new[] { abe, blake, waiting }) Assert.Empty(Entitlements.VisibleTimers(s.Session, other));
    }

    [Fact]
    public void ARunningCountdownIsPartOfTheStoredState()
    {
        var s = new SessionBuilder();
        s.Session.StartTimer(s.Mediator, s.Joint.Id, TenMinutes, Guid.NewGuid(), At);

        var restored = MediationSession.FromSnapshot(s.Session.ToSnapshot());

        Assert.Equal(s.Session.TimerOf(s.Joint.Id), restored.TimerOf(s.Joint.Id));
        Assert.Equal(s.Session.ToSnapshot().Canonical(), restored.ToSnapshot().Canonical());
    }

    [Fact]
    public void ClosingTheSessionClearsItsCountdownsSoNoneEndsOrStartsAgain()
    {
        var s = new SessionBuilder();
        var id = Guid.NewGuid();
        s.Session.StartTimer(s.Mediator, s.Joint.Id, TenMinutes, id, At);
        s.Session.StartTimer(s.Mediator, s.CaucusA.Id, TenMinutes, Guid.NewGuid(), At);

        Assert.True(s.Session.Close(s.Mediator, At + TimeSpan.FromMinutes(1)).IsAccepted);

        Assert.Empty(s.Session.Timers);
        Assert.Empty(MediationSession.FromSnapshot(s.Session.ToSnapshot()).Timers);
        // A closed session stored with a countdown (before closing cleared them) restores none either.
        var storedEarlier = s.Session.ToSnapshot() with { Timers = [new RoomTimer(id, s.Joint.Id, s.Mediator, At + TenMinutes)] };
        Assert.Empty(MediationSession.FromSnapshot(storedEarlier).Timers);
        Assert.Equal(RefusalReason.SessionClosed, s.Session.EndTimer(id, At + TenMinutes).Refusal?.Reason);
        Assert.Equal(RefusalReason.SessionClosed, s.Session.StartTimer(s.Mediator, s.Joint.Id, TenMinutes, Guid.NewGuid(), At + TenMinutes).Refusal?.Reason);
        Assert.Equal(RefusalReason.SessionClosed, s.Session.ExtendTimer(s.Mediator, s.Joint.Id, TenMinutes, At + TenMinutes).Refusal?.Reason);
    }
}
