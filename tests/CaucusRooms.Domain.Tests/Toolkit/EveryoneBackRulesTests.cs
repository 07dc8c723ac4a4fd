namespace CaucusRooms.Domain.Tests.Toolkit;

/// <summary>"Everyone back to the joint room" moves each unlocked person and names who stayed because they are locked.</summary>
public sealed class EveryoneBackRulesTests
{
    [Fact]
    public void EveryUnlockedPersonElsewhereMovesAndTheLockedOnesStay()
    {
        var s = new SessionBuilder();
        var (avery, blake) = s.Parties(s.CaucusA, s.CaucusB);
        var casey = s.AdmittedTo(s.CaucusB, Role.Advisor, s.SideB, "Casey");
        var dana = s.AdmittedTo(s.Joint, Role.Party, s.SideA, "Dana");
        var waiting = s.Accepted(Role.Party, s.SideA, "Wren");
        Assert.True(s.Session.SetLocked(s.Mediator, casey, true, At).IsAccepted);

        var (plan, refusal) = s.Session.PlanEveryoneBack(s.Mediator);

        Assert.Null(refusal);
        Assert.Equal(new[] { avery, blake, s.Mediator }.ToHashSet(), plan!.Moves.ToHashSet());
        Assert.Equal([casey], plan.Stays);
        Assert.DoesNotContain(dana, plan.Moves);
        Assert.DoesNotContain(waiting, plan.Moves);
        Assert.All(plan.Moves, p => Assert.Null(s.Session.WhyNotMove(s.Mediator, p, s.Joint.Id)));
    }

    [Fact]
    public void APartyCannotBringEveryoneBack()
    {
        var s = new SessionBuilder();
        var avery = s.AdmittedTo(s.Joint, Role.Party, s.SideA, "Avery");

        var (plan, refusal) = s.Session.PlanEveryoneBack(avery);

        Assert.Null(plan);
        Assert.Equal(RefusalReason.NotAMediator, refusal?.Reason);
    }
}
