namespace CaucusRooms.Domain.Tests;

public sealed class MembershipRulesTests
{
    [Fact]
    public void OpeningASessionCreatesJointRoomOneCaucusPerSideAndMediatorsRoom()
    {
        var s = new SessionBuilder("Claimant", "Respondent", "Insurer");

        Assert.Single(s.Session.Rooms, r => r.Kind == RoomKind.Joint);
        Assert.Single(s.Session.Rooms, r => r.Kind == RoomKind.Mediators);
        Assert.Equal(s.Session.Sides.Select(x => (SideId?)x.Id), s.Session.Rooms.Where(r => r.Kind == RoomKind.Caucus).Select(r => r.Side));
        Assert.True(s.LocationOf(s.Mediator).IsIn(s.MediatorsRoom.Id));
    }

    [Theory]
    [InlineData("Claimant")]
    [InlineData("Claimant|claimant")]
    [InlineData("Claimant| ")]
    public void ASessionNeedsTwoOrMoreDistinctNamedSides(string sides)
    {
        var (session, refusal) = MediationSession.Open(SessionId.New(), "T", sides.Split('|'), "Agreement", ParticipantId.New(), "M", At);

        Assert.Null(session);
        Assert.NotNull(refusal);
    }

    [Fact]
    public void AnInvitedPersonWaitsInTheirOwnLobbySlotAndMayReadNothing()
    {
        var s = new SessionBuilder();
        var party = s.Invited(Role.Party, s.SideA);

        Assert.Equal(Location.Lobby, s.LocationOf(party));
        Assert.Empty(Entitlements.ReadableRooms(s.Session, party));
        Assert.All(s.Session.Rooms, r => Assert.False(Entitlements.MaySeeMediaOf(s.Session, party, r.Id)));
    }

    [Fact]
    public void NobodyIsAdmittedBeforeAcceptingTheAgreement()
    {
        var s = new SessionBuilder();
        var party = s.Invited(Role.Party, s.SideA);

        var outcome = s.Session.Admit(s.Mediator, party, s.Joint.Id, At);

        Assert.Equal(RefusalReason.AgreementNotAccepted, outcome.Refusal?.Reason);
        Assert.Equal(Location.Lobby, s.LocationOf(party));
    }

    [Fact]
    public void AnAcceptanceNamesTheCurrentAgreementVersion()
    {
        var s = new SessionBuilder();
        var party = s.Invited(Role.Party, s.SideA);

        var stale = s.Session.AcceptAgreement(party, "Pat", s.Session.AgreementVersion + 1, At);
        var current = s.Session.AcceptAgreement(party, "Pat", s.Session.AgreementVersion, At);

        Assert.Equal(RefusalReason.AgreementVersionMismatch, stale.Refusal?.Reason);
        Assert.True(current.IsAccepted);
        Assert.Equal(new AgreementAcceptance("Pat", 1, At), s.Session.Find(party)!.Acceptance);
    }

    [Fact]
    public void APartyOfSideANeverEntersTheCaucusOfSideB()
    {
        var s = new SessionBuilder();
        var party = s.Accepted(Role.Party, s.SideA);

        Assert.Equal(RefusalReason.RoomNotAllowed, s.Session.Admit(s.Mediator, party, s.CaucusB.Id, At).Refusal?.Reason);
        Assert.True(s.Session.Admit(s.Mediator, party, s.Joint.Id, At).IsAccepted);
        Assert.Equal(RefusalReason.RoomNotAllowed, s.Session.Move(s.Mediator, party, s.CaucusB.Id, At).Refusal?.Reason);
        Assert.Equal(RefusalReason.RoomNotAllowed, s.Session.Move(s.Mediator, party, s.MediatorsRoom.Id, At).Refusal?.Reason);
        Assert.True(s.LocationOf(party).IsIn(s.Joint.Id));
    }

    [Fact]
    public void AnAdvisorHasTheEntitlementsOfTheirSidesParty()
    {
        var s = new SessionBuilder();
        var advisor = s.AdmittedTo(s.Joint, Role.Advisor, s.SideB);

        Assert.Equal([s.Joint.Id, s.CaucusB.Id], Entitlements.ReadableRooms(s.Session, advisor));
    }

    [Fact]
    public void APartyReadsTheJointRoomOnlyWhileLocatedThereButTheirOwnCaucusAlways()
    {
        var s = new SessionBuilder();
        var party = s.AdmittedTo(s.Joint, Role.Party, s.SideA);
        Assert.Equal([s.Joint.Id, s.CaucusA.Id], Entitlements.ReadableRooms(s.Session, party));

        Assert.True(s.Session.Move(s.Mediator, party, s.CaucusA.Id, At).IsAccepted);

        Assert.Equal([s.CaucusA.Id], Entitlements.ReadableRooms(s.Session, party));
        Assert.False(Entitlements.MayWrite(s.Session, party, s.Joint.Id));
    }

    [Fact]
    public void AMediatorReadsAndWritesEveryRoomButSeesMediaOnlyOfTheRoomTheyAreIn()
    {
        var s = new SessionBuilder();

        Assert.All(s.Session.Rooms, r => Assert.True(Entitlements.MayWrite(s.Session, s.Mediator, r.Id)));
        Assert.True(s.Session.Move(s.Mediator, s.Mediator, s.CaucusA.Id, At).IsAccepted);
        Assert.Equal([s.CaucusA.Id], s.Session.Rooms.Where(r => Entitlements.MaySeeMediaOf(s.Session, s.Mediator, r.Id)).Select(r => r.Id));
    }

    [Fact]
    public void APartyCannotMoveAdmitLockOrRemoveAnyone()
    {
        var s = new SessionBuilder();
        var party = s.AdmittedTo(s.Joint, Role.Party, s.SideA);
        var other = s.Accepted(Role.Party, s.SideB);
        var before = s.Session.ToSnapshot().Canonical();

        Assert.Equal(RefusalReason.NotAMediator, s.Session.Move(party, party, s.CaucusA.Id, At).Refusal?.Reason);
        Assert.Equal(RefusalReason.NotAMediator, s.Session.Admit(party, other, s.Joint.Id, At).Refusal?.Reason);
        Assert.Equal(RefusalReason.NotAMediator, s.Session.SetLocked(party, party, true, At).Refusal?.Reason);
        Assert.Equal(RefusalReason.NotAMediator, s.Session.Remove(party, other, At).Refusal?.Reason);
        Assert.Equal(RefusalReason.NotAMediator, s.Session.Invite(party, ParticipantId.New(), "X", Role.Party, s.SideA.Id, At).Refusal?.Reason);
        Assert.Equal(RefusalReason.NotAMediator, s.Session.Close(party, At).Refusal?.Reason);
        Assert.Equal(before, s.Session.ToSnapshot().Canonical());
    }

    [Fact]
    public void APartyAsksForTheMediatorInsteadOfMovingThemselves()
    {
        var s = new SessionBuilder();
        var party = s.AdmittedTo(s.Joint, Role.Party, s.SideA);

        var outcome = s.Session.AskForMediator(party, At);

        Assert.IsType<MediatorAskedFor>(outcome.Event);
        Assert.True(s.LocationOf(party).IsIn(s.Joint.Id));
    }

    [Fact]
    public void ALockedPersonStaysInPlaceUntilUnlocked()
    {
        var s = new SessionBuilder();
        var party = s.AdmittedTo(s.CaucusA, Role.Party, s.SideA);
        Assert.True(s.Session.SetLocked(s.Mediator, party, true, At).IsAccepted);

        Assert.Equal(RefusalReason.Locked, s.Session.Move(s.Mediator, party, s.Joint.Id, At).Refusal?.Reason);
        Assert.True(s.Session.SetLocked(s.Mediator, party, false, At).IsAccepted);
        Assert.True(s.Session.Move(s.Mediator, party, s.Joint.Id, At).IsAccepted);
    }

    [Fact]
    public void ARemovedPersonIsEntitledToNothingAndCannotActOrBeBroughtBack()
    {
        var s = new SessionBuilder();
        var party = s.AdmittedTo(s.Joint, Role.Party, s.SideA);

        Assert.IsType<ParticipantRemoved>(s.Session.Remove(s.Mediator, party, At).Event);

        Assert.Empty(Entitlements.ReadableRooms(s.Session, party));
        Assert.Equal(RefusalReason.Removed, s.Session.Move(s.Mediator, party, s.Joint.Id, At).Refusal?.Reason);
        Assert.Equal(RefusalReason.Removed, s.Session.Admit(s.Mediator, party, s.Joint.Id, At).Refusal?.Reason);
        Assert.Equal(RefusalReason.Removed, s.Session.AskForMediator(party, At).Refusal?.Reason);
    }

    [Fact]
    public void ARemovedMediatorHasNoMediatorRightsLeft()
    {
        var s = new SessionBuilder();
        var coMediator = s.AdmittedTo(s.MediatorsRoom, Role.Mediator, null);
        var party = s.AdmittedTo(s.Joint, Role.Party, s.SideA);
        Assert.True(s.Session.Remove(s.Mediator, coMediator, At).IsAccepted);

        Assert.Equal(RefusalReason.Removed, s.Session.Move(coMediator, party, s.CaucusA.Id, At).Refusal?.Reason);
        Assert.Empty(Entitlements.ReadableRooms(s.Session, coMediator));
    }

    [Fact]
    public void ACoMediatorWaitsInTheLobbyUntilAdmittedLikeEveryoneElse()
    {
        var s = new SessionBuilder();
        var coMediator = s.Accepted(Role.Mediator, null);
        var party = s.AdmittedTo(s.Joint, Role.Party, s.SideA);

        Assert.Equal(RefusalReason.NotAdmitted, s.Session.Move(coMediator, party, s.CaucusA.Id, At).Refusal?.Reason);
        Assert.Empty(Entitlements.ReadableRooms(s.Session, coMediator));
    }

    [Fact]
    public void AMediatorCannotBeInvitedWithASideNorAPartyWithout()
    {
        var s = new SessionBuilder();

        Assert.Equal(RefusalReason.InvalidSide, s.Session.Invite(s.Mediator, ParticipantId.New(), "M2", Role.Mediator, s.SideA.Id, At).Refusal?.Reason);
        Assert.Equal(RefusalReason.InvalidSide, s.Session.Invite(s.Mediator, ParticipantId.New(), "P", Role.Party, null, At).Refusal?.Reason);
        Assert.Equal(RefusalReason.InvalidSide, s.Session.Invite(s.Mediator, ParticipantId.New(), "P", Role.Party, SideId.New(), At).Refusal?.Reason);
    }

    [Fact]
    public void ClosingASessionLeavesEveryoneEntitledToNothingAndRefusesEverythingAfter()
    {
        var s = new SessionBuilder();
        var party = s.AdmittedTo(s.Joint, Role.Party, s.SideA);

        Assert.IsType<SessionClosed>(s.Session.Close(s.Mediator, At).Event);

        Assert.All(s.Session.People, p => Assert.Empty(Entitlements.ReadableRooms(s.Session, p.Id)));
        Assert.Equal(RefusalReason.SessionClosed, s.Session.Move(s.Mediator, party, s.CaucusA.Id, At).Refusal?.Reason);
    }

    [Fact]
    public void EveryAcceptedOperationBumpsTheVersionByOneAndARefusedOneNot()
    {
        var s = new SessionBuilder();
        var v = s.Session.Version;
        var party = s.Invited(Role.Party, s.SideA);
        Assert.Equal(v + 1, s.Session.Version);

        s.Session.Admit(s.Mediator, party, s.Joint.Id, At);

        Assert.Equal(v + 1, s.Session.Version);
    }

    [Fact]
    public void ASnapshotRestoresTheSameState()
    {
        var s = new SessionBuilder();
        s.AdmittedTo(s.CaucusB, Role.Advisor, s.SideB);

        var restored = MediationSession.FromSnapshot(s.Session.ToSnapshot());

        Assert.Equal(s.Session.ToSnapshot().Canonical(), restored.ToSnapshot().Canonical());
    }

    [Fact]
    public void SignalingPassesOnlyBetweenTwoPeopleLocatedInTheSameRoom()
    {
        var s = new SessionBuilder();
        var alice = s.AdmittedTo(s.Joint, Role.Party, s.SideA);
        var bob = s.AdmittedTo(s.Joint, Role.Party, s.SideB);
        var waiting = s.Accepted(Role.Party, s.SideB);
        Assert.True(Entitlements.MayExchangeMedia(s.Session, alice, bob));

        Assert.True(s.Session.Move(s.Mediator, alice, s.CaucusA.Id, At).IsAccepted);

        Assert.False(Entitlements.MayExchangeMedia(s.Session, alice, bob));
        Assert.False(Entitlements.MayExchangeMedia(s.Session, bob, waiting));
        Assert.True(s.Session.Move(s.Mediator, s.Mediator, s.CaucusA.Id, At).IsAccepted);
        Assert.True(Entitlements.MayExchangeMedia(s.Session, s.Mediator, alice));
        Assert.Equal(new[] { s.Mediator, alice }.OrderBy(p => p.Value), Entitlements.PresentIn(s.Session, s.CaucusA.Id).Select(p => p.Id).OrderBy(p => p.Value));
    }

    [Fact]
    public void ArrivalsAreMutedUntilAMediatorTurnsThatOff()
    {
        var s = new SessionBuilder();
        var party = s.AdmittedTo(s.Joint, Role.Party, s.SideA);

        Assert.True(s.Session.MuteOnArrival);
        Assert.Equal(RefusalReason.NotAMediator, s.Session.SetMuteOnArrival(party, false, At).Refusal?.Reason);
        Assert.IsType<MuteOnArrivalChanged>(s.Session.SetMuteOnArrival(s.Mediator, false, At).Event);
        Assert.False(s.Session.MuteOnArrival);
        Assert.False(MediationSession.FromSnapshot(s.Session.ToSnapshot()).MuteOnArrival);
    }

    [Fact]
    public void OnlyTheSideThatSaidItDecidesConsentToShare()
    {
        var s = new SessionBuilder();
        var alice = s.AdmittedTo(s.Joint, Role.Party, s.SideA);
        var abe = s.AdmittedTo(s.CaucusA, Role.Advisor, s.SideA);
        var bob = s.AdmittedTo(s.Joint, Role.Party, s.SideB);

        Assert.True(Entitlements.MayDecideConsent(s.Session, alice, s.CaucusA.Id));
        Assert.True(Entitlements.MayDecideConsent(s.Session, abe, s.CaucusA.Id));
        Assert.False(Entitlements.MayDecideConsent(s.Session, bob, s.CaucusA.Id));
        Assert.False(Entitlements.MayDecideConsent(s.Session, s.Mediator, s.CaucusA.Id));
        Assert.False(Entitlements.MayDecideConsent(s.Session, alice, s.Joint.Id));
        Assert.True(Entitlements.MayAskForConsent(s.Session, s.Mediator, s.CaucusA.Id));
        Assert.False(Entitlements.MayAskForConsent(s.Session, bob, s.CaucusA.Id));
    }

    [Fact]
    public void OnlyAMediatorRelaysAndOnlyOutOfACaucusIntoTheJointRoomOrAnotherCaucus()
    {
        var s = new SessionBuilder();
        var alice = s.AdmittedTo(s.Joint, Role.Party, s.SideA);

        Assert.True(Entitlements.MayRelay(s.Session, s.Mediator, s.CaucusA.Id, s.Joint.Id));
        Assert.True(Entitlements.MayRelay(s.Session, s.Mediator, s.CaucusA.Id, s.CaucusB.Id));
        Assert.False(Entitlements.MayRelay(s.Session, s.Mediator, s.CaucusA.Id, s.CaucusA.Id));
        Assert.False(Entitlements.MayRelay(s.Session, s.Mediator, s.CaucusA.Id, s.MediatorsRoom.Id));
        Assert.False(Entitlements.MayRelay(s.Session, s.Mediator, s.Joint.Id, s.CaucusB.Id));
        Assert.False(Entitlements.MayRelay(s.Session, alice, s.CaucusA.Id, s.Joint.Id));
    }

    [Fact]
    public void TheRecordsStayReadableByTheMediatorsWhoRanTheSessionAfterItClosesAndByNobodyElse()
    {
        var s = new SessionBuilder();
        var coMediator = s.AdmittedTo(s.MediatorsRoom, Role.Mediator, null);
        var party = s.AdmittedTo(s.Joint, Role.Party, s.SideA);
        Assert.True(Entitlements.MayReadRecords(s.Session, coMediator, ranItToTheEnd: false));
        Assert.False(Entitlements.MayReadRecords(s.Session, party, ranItToTheEnd: true));

        Assert.True(s.Session.Close(s.Mediator, At).IsAccepted);

        Assert.True(Entitlements.MayReadRecords(s.Session, s.Mediator, ranItToTheEnd: true));
        Assert.False(Entitlements.MayReadRecords(s.Session, coMediator, ranItToTheEnd: false));
        Assert.False(Entitlements.MayReadRecords(s.Session, party, ranItToTheEnd: true));
        Assert.False(Entitlements.ActsAsMediator(s.Session, s.Mediator));
        Assert.False(Entitlements.IsMember(s.Session, party));
    }

    [Fact]
    public void WhatTheMediatorSaidInACaucusBecomesShareableOnlyAfterTheMediatorAskedThatSide()
    {
        var s = new SessionBuilder();
        var alice = s.AdmittedTo(s.CaucusA, Role.Party, s.SideA);

        Assert.True(Entitlements.MayGrantConsent(s.Session, alice, s.CaucusA.Id, itemSender: alice, mediatorAsked: false));
        Assert.False(Entitlements.MayGrantConsent(s.Session, alice, s.CaucusA.Id, itemSender: s.Mediator, mediatorAsked: false));
        Assert.True(Entitlements.MayGrantConsent(s.Session, alice, s.CaucusA.Id, itemSender: s.Mediator, mediatorAsked: true));
        Assert.False(Entitlements.MayGrantConsent(s.Session, s.Mediator, s.CaucusA.Id, itemSender: alice, mediatorAsked: true));
    }
}
