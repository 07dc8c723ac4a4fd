namespace CaucusRooms.Domain.Tests;

/// <summary>Invariant 3: a message's readers are fixed when it is sent; where people are now never widens what they read of the past.</summary>
public sealed class ReadersRuleTests
{
    [Fact]
    public void APartyMovedOutOfTheJointRoomAndBackNeverSeesWhatWasSaidThereWhileAway()
    {
        var s = new SessionBuilder();
        var (avery, blake) = s.Parties(s.Joint, s.Joint);
        var before = Entitlements.Readers(s.Session, s.Joint.Id);

        Assert.True(s.Session.Move(s.Mediator, blake, s.CaucusB.Id, At).IsAccepted);
        var whileAway = Entitlements.Readers(s.Session, s.Joint.Id);
        Assert.True(s.Session.Move(s.Mediator, blake, s.Joint.Id, At).IsAccepted);

        Assert.True(Entitlements.MaySee(s.Session, blake, before));
        Assert.False(Entitlements.MaySee(s.Session, blake, whileAway));
        Assert.True(Entitlements.MaySee(s.Session, avery, whileAway));
    }

    [Fact]
    public void APartyAdmittedLateSeesNothingSaidBeforeTheirAdmission()
    {
        var s = new SessionBuilder();
        s.AdmittedTo(s.Joint, Role.Party, s.SideA, "Avery");
        var earlier = Entitlements.Readers(s.Session, s.Joint.Id);

        var late = s.AdmittedTo(s.Joint, Role.Advisor, s.SideB, "Counsel");

        Assert.DoesNotContain(late, earlier);
        Assert.False(Entitlements.MaySee(s.Session, late, earlier));
    }

    [Fact]
    public void ACoMediatorAdmittedLaterSeesEveryMessageButNotFromTheLobby()
    {
        var s = new SessionBuilder();
        s.AdmittedTo(s.Joint, Role.Party, s.SideA, "Avery");
        var caucusItem = Entitlements.Readers(s.Session, s.CaucusA.Id);
        var coMediator = s.Accepted(Role.Mediator, null, "Co");

        Assert.False(Entitlements.MaySee(s.Session, coMediator, caucusItem));
        Assert.True(s.Session.Admit(s.Mediator, coMediator, s.MediatorsRoom.Id, At).IsAccepted);
        Assert.True(Entitlements.MaySee(s.Session, coMediator, caucusItem));
    }

    [Fact]
    public void ARemovedReaderSeesNothingAnyMore()
    {
        var s = new SessionBuilder();
        var avery = s.AdmittedTo(s.Joint, Role.Party, s.SideA, "Avery");
        var readers = Entitlements.Readers(s.Session, s.Joint.Id);

        Assert.True(s.Session.Remove(s.Mediator, avery, At).IsAccepted);

        Assert.Contains(avery, readers);
        Assert.False(Entitlements.MaySee(s.Session, avery, readers));
    }

    [Fact]
    public void TheOtherSideIsNeverAReaderOfACaucusItem()
    {
        var s = new SessionBuilder();
        var (avery, blake) = s.Parties(s.CaucusA, s.Joint);

        var readers = Entitlements.Readers(s.Session, s.CaucusA.Id);

        Assert.True(readers.ToHashSet().SetEquals([s.Mediator, avery]), "the readers of side A's caucus are side A and the mediator");
        Assert.False(Entitlements.MaySee(s.Session, blake, readers));
    }

    [Fact]
    public void EveryoneIsInTheJointRoomOnlyWhenNoAdmittedPersonIsElsewhere()
    {
        var s = new SessionBuilder();
        Assert.True(s.Session.Move(s.Mediator, s.Mediator, s.Joint.Id, At).IsAccepted);
        var blake = s.AdmittedTo(s.Joint, Role.Party, s.SideB, "Blake");
        s.Accepted(Role.Party, s.SideA, "Waiting in the lobby");

        Assert.True(Entitlements.EveryoneIsIn(s.Session, s.Joint.Id));
        Assert.True(s.Session.Move(s.Mediator, blake, s.CaucusB.Id, At).IsAccepted);
        Assert.False(Entitlements.EveryoneIsIn(s.Session, s.Joint.Id));
    }
}
