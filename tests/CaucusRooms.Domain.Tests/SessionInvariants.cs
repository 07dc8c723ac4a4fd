namespace CaucusRooms.Domain.Tests;

/// <summary>PRODUCT.md's invariants, written once, checked after every step of a random walk.</summary>
internal static class SessionInvariants
{
    public static void HoldAfter(Step step)
    {
        var before = MediationSession.FromSnapshot(step.Before);
        var after = step.After;

        ARefusedOperationChangesNothing(step, after);
        AnAcceptedOperationBumpsTheVersionByOne(step, after);
        OnlyAMediatorMovesAdmitsLocksRemovesInvitesOrCloses(step, before);
        TheOperationIsAcceptedExactlyWhenItsRulesAllowIt(step, before);
        OnlyTheTargetOfAnAdmitMoveOrRemoveChangesLocation(step, before, after);
        NoPersonOfOneSideIsEverInOrEntitledToAnotherSidesCaucus(after);
        PeopleInTheLobbyAreEntitledToNothing(after);
        RemovedPeopleStayRemovedAndAreEntitledToNothing(before, after);
        EveryoneInARoomHasAcceptedTheAgreement(after);
        EntitlementsFollowRoleSideAndLocation(after);
        SignalingPassesOnlyBetweenTwoPeopleInTheSameRoom(after);
        MediatorRightsAndMembershipFollowRoleAndLocation(after);
        AMessageIsSeenOnlyByThePeopleWhoWereEntitledWhenItWasSent(step.Messages, after);
        ApprovedWordsNeverChange(before, after);
    }

    // Invariant 3: readers are fixed when a message is sent; mediators acting now see every message.
    private static void AMessageIsSeenOnlyByThePeopleWhoWereEntitledWhenItWasSent(IReadOnlyList<SentMessage> messages, MediationSession session)
    {
        foreach (var message in messages)
        {
            Assert.True(message.WhoWasThere.SetEquals(message.Readers), "the readers fixed at send are not the people entitled to the room then");
            foreach (var p in session.People)
            {
                var expected = !session.IsClosed && p.IsAdmitted && (p.IsMediator || message.WhoWasThere.Contains(p.Id));
                Assert.True(expected == Entitlements.MaySee(session, p.Id, message.Readers),
                    $"{p.Role} ({p.Location.Kind}) {(expected ? "may not see" : "sees")} a message of {session.FindRoom(message.Room)?.Kind} they {(message.WhoWasThere.Contains(p.Id) ? "were" : "were not")} a reader of");
            }
        }
    }

    // Invariants 2 and 7: mediator rights only for admitted mediators; a removed person is no member.
    private static void MediatorRightsAndMembershipFollowRoleAndLocation(MediationSession session)
    {
        foreach (var p in session.People)
        {
            Assert.Equal(!session.IsClosed && p is { IsMediator: true, IsAdmitted: true }, Entitlements.ActsAsMediator(session, p.Id));
            Assert.Equal(!session.IsClosed && !p.IsGone, Entitlements.IsMember(session, p.Id));
            Assert.Equal(!session.IsClosed && p.IsAdmitted, Entitlements.IsInARoom(session, p.Id));
        }
    }

    // Invariant 8 (the domain half: who may signal whom).
    private static void SignalingPassesOnlyBetweenTwoPeopleInTheSameRoom(MediationSession session)
    {
        foreach (var a in session.People)
        {
            foreach (var b in session.People)
            {
                var expected = a.Id != b.Id && a.IsAdmitted && b.IsAdmitted && a.Location == b.Location;
                Assert.Equal(expected, Entitlements.MayExchangeMedia(session, a.Id, b.Id));
            }
        }
    }

    private static void ARefusedOperationChangesNothing(Step step, MediationSession after)
    {
        if (!step.Outcome.IsAccepted)
            Assert.Equal(step.Before.Canonical(), after.ToSnapshot().Canonical());
    }

    private static void AnAcceptedOperationBumpsTheVersionByOne(Step step, MediationSession after) =>
        Assert.Equal(step.Before.Version + (step.Outcome.IsAccepted ? 1 : 0), after.Version);

    // Invariant 2.
    private static void OnlyAMediatorMovesAdmitsLocksRemovesInvitesOrCloses(Step step, MediationSession before)
    {
        if (step.Kind is OperationKind.AcceptAgreement or OperationKind.AskForMediator or OperationKind.DecideConsent || !step.Outcome.IsAccepted) return;
        Assert.True(before.Find(step.Actor) is { IsMediator: true, IsAdmitted: true }, "a non-mediator's operation was accepted");
    }

    /// <summary>An independent statement of each operation's rules: accepted if and only if they allow it.</summary>
    private static void TheOperationIsAcceptedExactlyWhenItsRulesAllowIt(Step step, MediationSession before)
    {
        var actor = before.Find(step.Actor);
        var target = step.Target is { } t ? before.Find(t) : null;
        var actingMediator = !before.IsClosed && actor is { IsMediator: true, IsAdmitted: true };
        bool MayBeIn(Participant p, RoomId room) =>
            before.FindRoom(room) is { } r && (p.IsMediator || r.Kind == RoomKind.Joint || (r.Kind == RoomKind.Caucus && r.Side == p.Side));

        var allowed = step.Kind switch
        {
            OperationKind.Invite => actingMediator && target is null,
            OperationKind.AcceptAgreement => !before.IsClosed && actor is { IsGone: false, Acceptance: null }
                && step.Description.EndsWith($"v{before.AgreementVersion}", StringComparison.Ordinal),
            OperationKind.Admit => actingMediator && target is { IsInLobby: true, Acceptance: not null } && MayBeIn(target, step.Room!.Value),
            OperationKind.Move => actingMediator && target is { IsAdmitted: true, IsLocked: false }
                && MayBeIn(target, step.Room!.Value) && !target.Location.IsIn(step.Room!.Value),
            OperationKind.Lock => actingMediator && target is { IsAdmitted: true, IsLocked: false },
            OperationKind.Unlock => actingMediator && target is { IsAdmitted: true, IsLocked: true },
            OperationKind.Remove => actingMediator && target is { IsGone: false } && target.Id != step.Actor,
            OperationKind.AskForMediator => !before.IsClosed && actor is { IsMediator: false, IsAdmitted: true, AskedForMediatorAt: null },
            OperationKind.Close => actingMediator,
            OperationKind.AskForConsent or OperationKind.ProposeSummary or OperationKind.DecideConsent or OperationKind.Relay => ConsentRulesAllow(step, before, actor, actingMediator),
            _ => throw new InvalidOperationException(step.Kind.ToString()),
        };
        // Invites may also be refused for a malformed role/side combination.
        if (step.Kind == OperationKind.Invite && allowed && !step.Outcome.IsAccepted)
        {
            Assert.Equal(RefusalReason.InvalidSide, step.Outcome.Refusal?.Reason);
            return;
        }
        Assert.True(allowed == step.Outcome.IsAccepted, $"rules say {(allowed ? "accept" : "refuse")}, the session said {step.Outcome}");
    }

    /// <summary>Invariant 10, stated apart from the aggregate: only the side decides, and only the exact approved words cross.</summary>
    private static bool ConsentRulesAllow(Step step, MediationSession before, Participant? actor, bool actingMediator)
    {
        var c = step.Consent!;
        var current = before.ConsentOf(c.Item.Id);
        var caucus = before.FindRoom(c.Item.Caucus);
        switch (step.Kind)
        {
            case OperationKind.AskForConsent:
                return actingMediator && current is null or { ProposalOf: null, State: ConsentState.Withdrawn };
            case OperationKind.ProposeSummary:
                return actingMediator && current is null && before.ConsentOf(c.Summarized!.Id)?.ProposalOf is null;
            case OperationKind.DecideConsent:
                var ofTheSide = !before.IsClosed && actor is { IsMediator: false, IsAdmitted: true } && caucus?.Side == actor.Side;
                var saidByMediator = before.Find(c.Item.SaidBy)?.IsMediator == true;
                return ofTheSide && (c.Approve
                    ? current?.State != ConsentState.Granted && (!saidByMediator || current is not null)
                    : current is { State: not ConsentState.Withdrawn });
            default:
                var target = before.FindRoom(step.Room!.Value);
                return actingMediator
                    && current is { State: ConsentState.Granted }
                    && target is { Kind: RoomKind.Joint or RoomKind.Caucus } && target.Id != current.Caucus
                    && c.RelayedDigest == current.WordsDigest;
        }
    }

    // Invariant 10: the words an approval covers never change; a new summary is a new item.
    private static void ApprovedWordsNeverChange(MediationSession before, MediationSession after)
    {
        foreach (var earlier in before.Consents)
            Assert.Equal(earlier.WordsDigest, after.ConsentOf(earlier.ItemId)?.WordsDigest);
    }

    private static void OnlyTheTargetOfAnAdmitMoveOrRemoveChangesLocation(Step step, MediationSession before, MediationSession after)
    {
        foreach (var p in before.People)
        {
            var now = after.Find(p.Id)!;
            if (now.Location == p.Location) continue;
            Assert.True(step.Outcome.IsAccepted);
            if (step.Kind == OperationKind.Close)
            {
                Assert.True(now.IsGone);
                continue;
            }
            Assert.Equal(step.Target, p.Id);
            Assert.Contains(step.Kind, new[] { OperationKind.Admit, OperationKind.Move, OperationKind.Remove });
            Assert.False(p.IsLocked && step.Kind == OperationKind.Move, "a locked person was moved");
            if (step.Kind != OperationKind.Remove) Assert.True(now.Location.IsIn(step.Room!.Value));
        }
    }

    // Invariant 1.
    private static void NoPersonOfOneSideIsEverInOrEntitledToAnotherSidesCaucus(MediationSession session)
    {
        foreach (var p in session.People.Where(p => !p.IsMediator))
        {
            Assert.NotNull(p.Side);
            var forbidden = session.Rooms.Where(r => r.Kind == RoomKind.Mediators || (r.Kind == RoomKind.Caucus && r.Side != p.Side)).ToList();
            foreach (var room in forbidden)
            {
                Assert.False(p.Location.IsIn(room.Id), $"{p.Role} of side {p.Side} located in {room.Kind} of {room.Side}");
                Assert.False(Entitlements.MayRead(session, p.Id, room.Id));
                Assert.False(Entitlements.MayWrite(session, p.Id, room.Id));
                Assert.False(Entitlements.MaySeeMediaOf(session, p.Id, room.Id));
                Assert.DoesNotContain(p.Id, Entitlements.Readers(session, room.Id));
            }
        }
    }

    // Invariant 6.
    private static void PeopleInTheLobbyAreEntitledToNothing(MediationSession session)
    {
        foreach (var p in session.People.Where(p => p.IsInLobby))
            EntitledToNothing(session, p);
    }

    // Invariant 7.
    private static void RemovedPeopleStayRemovedAndAreEntitledToNothing(MediationSession before, MediationSession after)
    {
        foreach (var p in before.People.Where(p => p.IsGone))
            Assert.True(after.Find(p.Id)!.IsGone, "a removed person came back");
        foreach (var p in after.People.Where(p => p.IsGone))
            EntitledToNothing(after, p);
        if (after.IsClosed)
            Assert.All(after.People, p => Assert.True(p.IsGone));
    }

    private static void EveryoneInARoomHasAcceptedTheAgreement(MediationSession session)
    {
        foreach (var p in session.People.Where(p => p.IsAdmitted))
            Assert.Equal(session.AgreementVersion, p.Acceptance?.AgreementVersion);
    }

    private static void EntitlementsFollowRoleSideAndLocation(MediationSession session)
    {
        foreach (var p in session.People.Where(p => p.IsAdmitted))
        {
            var expected = session.Rooms
                .Where(r => p.IsMediator || (r.Kind == RoomKind.Joint && p.Location.IsIn(r.Id)) || (r.Kind == RoomKind.Caucus && r.Side == p.Side))
                .Select(r => r.Id);
            Assert.Equal(expected, Entitlements.ReadableRooms(session, p.Id));
            Assert.Equal(session.Rooms.Where(r => p.Location.IsIn(r.Id)).Select(r => r.Id),
                session.Rooms.Where(r => Entitlements.MaySeeMediaOf(session, p.Id, r.Id)).Select(r => r.Id));
        }
    }

    private static void EntitledToNothing(MediationSession session, Participant p)
    {
        Assert.Empty(Entitlements.ReadableRooms(session, p.Id));
        Assert.All(session.Rooms, r =>
        {
            Assert.False(Entitlements.MayWrite(session, p.Id, r.Id));
            Assert.False(Entitlements.MaySeeMediaOf(session, p.Id, r.Id));
        });
    }
}
