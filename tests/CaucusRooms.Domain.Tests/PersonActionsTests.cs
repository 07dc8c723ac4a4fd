namespace CaucusRooms.Domain.Tests;

/// <summary>The actions a mediator's screen offers for a person are exactly those the operations accept.</summary>
public sealed class PersonActionsTests
{
    [Fact]
    public void APartyInTheJointRoomMayBeMovedOnlyToTheirOwnSidesPrivateRoom()
    {
        var s = new SessionBuilder("Claimant", "Respondent", "Insurer");
        var party = s.AdmittedTo(s.Joint, Role.Party, s.SideA);

        var actions = PersonActions.Of(s.Session, s.Mediator, party);

        Assert.Equal([s.CaucusA.Id], actions.MoveTo);
        Assert.Empty(actions.AdmitTo);
        Assert.True(actions.MayLock);
        Assert.False(actions.MayUnlock);
        Assert.True(actions.MayRemove);
    }

    [Fact]
    public void ALockedPersonOffersUnlockAndNoMove()
    {
        var s = new SessionBuilder();
        var party = s.AdmittedTo(s.CaucusB, Role.Party, s.SideB);
        Assert.True(s.Session.SetLocked(s.Mediator, party, locked: true, At).IsAccepted);

        var actions = PersonActions.Of(s.Session, s.Mediator, party);

        Assert.Empty(actions.MoveTo);
        Assert.False(actions.MayLock);
        Assert.True(actions.MayUnlock);
    }

    [Fact]
    public void APersonInTheLobbyIsOfferedTheirPlacesOnlyOnceTheyAcceptedTheAgreement()
    {
        var s = new SessionBuilder();
        var waiting = s.Invited(Role.Advisor, s.SideB);
        Assert.Empty(PersonActions.Of(s.Session, s.Mediator, waiting).AdmitTo);

        Assert.True(s.Session.AcceptAgreement(waiting, "Person", s.Session.AgreementVersion, At).IsAccepted);
        var actions = PersonActions.Of(s.Session, s.Mediator, waiting);

        Assert.Equal([s.Joint.Id, s.CaucusB.Id], actions.AdmitTo);
        Assert.Empty(actions.MoveTo);
        Assert.False(actions.MayLock);
    }

    [Fact]
    public void AMediatorMayBeMovedAnywhereAndLockedButNotRemoveThemselves()
    {
        var s = new SessionBuilder();
        var coMediator = s.AdmittedTo(s.Joint, Role.Mediator, side: null);

        var own = PersonActions.Of(s.Session, s.Mediator, s.Mediator);
        var other = PersonActions.Of(s.Session, s.Mediator, coMediator);

        Assert.Equal(s.Session.Rooms.Where(r => r.Id != s.MediatorsRoom.Id).Select(r => r.Id), own.MoveTo);
        Assert.True(own.MayLock);
        Assert.False(own.MayRemove);
        Assert.True(other.MayRemove);
    }

    [Fact]
    public void APartyIsOfferedNothingToDoWithAnyone()
    {
        var s = new SessionBuilder();
        var party = s.AdmittedTo(s.Joint, Role.Party, s.SideA);
        var other = s.AdmittedTo(s.Joint, Role.Party, s.SideB);

        var actions = PersonActions.Of(s.Session, party, other);

        Assert.Empty(actions.MoveTo);
        Assert.Empty(actions.AdmitTo);
        Assert.False(actions.MayLock || actions.MayUnlock || actions.MayRemove);
    }

    [Fact]
    public void EveryOfferedActionIsAcceptedAndEveryOtherIsRefused()
    {
        var s = new SessionBuilder("Claimant", "Respondent");
        var people = new[]
        {
            s.Mediator,
            s.AdmittedTo(s.Joint, Role.Party, s.SideA),
            s.AdmittedTo(s.CaucusB, Role.Advisor, s.SideB),
            s.Accepted(Role.Party, s.SideB),
            s.Invited(Role.Mediator, side: null),
        };
        foreach (var person in people)
        {
            var actions = PersonActions.Of(s.Session, s.Mediator, person);
            foreach (var room in s.Session.Rooms)
            {
                Assert.Equal(actions.MoveTo.Contains(room.Id), Try(s.Session, m => m.Move(s.Mediator, person, room.Id, At)));
                Assert.Equal(actions.AdmitTo.Contains(room.Id), Try(s.Session, m => m.Admit(s.Mediator, person, room.Id, At)));
            }
            Assert.Equal(actions.MayLock, Try(s.Session, m => m.SetLocked(s.Mediator, person, true, At)));
            Assert.Equal(actions.MayUnlock, Try(s.Session, m => m.SetLocked(s.Mediator, person, false, At)));
            Assert.Equal(actions.MayRemove, Try(s.Session, m => m.Remove(s.Mediator, person, At)));
        }
    }

    // The operation on a copy, so one check does not change what the next one sees.
    private static bool Try(MediationSession session, Func<MediationSession, Outcome> operation) =>
        operation(MediationSession.FromSnapshot(session.ToSnapshot())).IsAccepted;
}
