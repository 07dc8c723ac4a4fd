namespace CaucusRooms.Domain;

public sealed partial class MediationSession
{
    /// <summary>A mediator invites a person; the person starts in their own lobby slot.</summary>
    public Outcome Invite(ParticipantId actor, ParticipantId newPerson, string displayName, Role role, SideId? side, DateTimeOffset at)
    {
        if (ActingMediator(actor) is { } refused) return Outcome.Refused(refused);
        if (_people.ContainsKey(newPerson))
            return Outcome.Refused(RefusalReason.NoChange, "That person is already invited.");
        if (NameProblem(displayName, "display name") is { } badName) return Outcome.Refused(badName);
        if (role == Role.Mediator && side is not null)
            return Outcome.Refused(RefusalReason.InvalidSide, "A mediator belongs to no side.");
        if (role != Role.Mediator && (side is not { } s || FindSide(s) is null))
            return Outcome.Refused(RefusalReason.InvalidSide, "A party or advisor must belong to one of this session's sides.");
        if (!Enum.IsDefined(role))
            return Outcome.Refused(RefusalReason.InvalidName, "Unknown role.");

        _people[newPerson] = new Participant(newPerson, displayName.Trim(), role, side, Location.Lobby, null, IsLocked: false);
        return Accept(v => new ParticipantInvited(v, at, actor, newPerson, role, side));
    }

    /// <summary>A person in their lobby slot accepts the agreement by typing their name.</summary>
    public Outcome AcceptAgreement(ParticipantId person, string typedName, int agreementVersion, DateTimeOffset at)
    {
        if (ClosedRefusal() is { } closed) return Outcome.Refused(closed);
        if (Find(person) is not { } p) return Unknown();
        if (p.IsGone) return Outcome.Refused(RefusalReason.Removed, "You were removed from this session.");
        if (p.Acceptance is not null)
            return Outcome.Refused(RefusalReason.AgreementAlreadyAccepted, "You already accepted the agreement.");
        if (NameProblem(typedName, "typed name") is { } badName) return Outcome.Refused(badName);
        if (agreementVersion != AgreementVersion)
            return Outcome.Refused(RefusalReason.AgreementVersionMismatch,
                $"The agreement has changed (version {AgreementVersion}); read it again before accepting.");

        _people[person] = p with { Acceptance = new AgreementAcceptance(typedName.Trim(), agreementVersion, at) };
        return Accept(v => new AgreementAccepted(v, at, person, agreementVersion));
    }

    /// <summary>A mediator admits a person from their lobby slot into a room they may be in.</summary>
    public Outcome Admit(ParticipantId actor, ParticipantId target, RoomId room, DateTimeOffset at)
    {
        if (WhyNotAdmit(actor, target, room) is { } refused) return Outcome.Refused(refused);

        _people[target] = _people[target] with { Location = Location.In(room) };
        return Accept(v => new ParticipantAdmitted(v, at, actor, target, room));
    }

    /// <summary>Why <paramref name="actor"/> may not admit <paramref name="target"/> to <paramref name="room"/> now, or null when they may.</summary>
    public Refusal? WhyNotAdmit(ParticipantId actor, ParticipantId target, RoomId room)
    {
        if (ActingMediator(actor) is { } refused) return refused;
        if (Find(target) is not { } p) return UnknownPerson;
        if (p.IsGone) return new Refusal(RefusalReason.Removed, "That person was removed.");
        if (!p.IsInLobby) return new Refusal(RefusalReason.NotInLobby, "That person is not waiting in the lobby.");
        if (p.Acceptance is null) return new Refusal(RefusalReason.AgreementNotAccepted, "That person has not accepted the agreement yet.");
        return PlacementProblem(p, room);
    }

    /// <summary>
    /// A mediator moves an admitted person into another room they may be in.
    /// A mediator may also move themselves (they are present in one room at a time).
    /// </summary>
    public Outcome Move(ParticipantId actor, ParticipantId target, RoomId room, DateTimeOffset at)
    {
        if (WhyNotMove(actor, target, room) is { } refused) return Outcome.Refused(refused);

        var p = _people[target];
        var from = p.Location.Room!.Value;
        // A move answers a pending ask: the mediator acted on it, or came to the people who asked.
        _people[target] = p with { Location = Location.In(room), AskedForMediatorAt = null };
        if (p.IsMediator)
            foreach (var asker in _people.Values.Where(q => q.AskedForMediatorAt is not null && q.Location.IsIn(room)).ToList())
                _people[asker.Id] = asker with { AskedForMediatorAt = null };
        return Accept(v => new ParticipantMoved(v, at, actor, target, from, room));
    }

    /// <summary>Why <paramref name="actor"/> may not move <paramref name="target"/> to <paramref name="room"/> now, or null when they may.</summary>
    public Refusal? WhyNotMove(ParticipantId actor, ParticipantId target, RoomId room)
    {
        if (ActingMediator(actor) is { } refused) return refused;
        if (Find(target) is not { } p) return UnknownPerson;
        if (p.IsGone) return new Refusal(RefusalReason.Removed, "That person was removed.");
        if (!p.IsAdmitted) return new Refusal(RefusalReason.NotAdmitted, "That person has not been admitted yet.");
        if (p.IsLocked) return new Refusal(RefusalReason.Locked, "That person is locked in place; unlock them first.");
        if (PlacementProblem(p, room) is { } badRoom) return badRoom;
        return p.Location.IsIn(room) ? new Refusal(RefusalReason.NoChange, "That person is already in that room.") : null;
    }

    /// <summary>A mediator locks an admitted person in place (no move until unlocked) or unlocks them.</summary>
    public Outcome SetLocked(ParticipantId actor, ParticipantId target, bool locked, DateTimeOffset at)
    {
        if (WhyNotSetLocked(actor, target, locked) is { } refused) return Outcome.Refused(refused);

        _people[target] = _people[target] with { IsLocked = locked };
        return Accept(v => new ParticipantLockChanged(v, at, actor, target, locked));
    }

    /// <summary>Why <paramref name="actor"/> may not lock (or unlock) <paramref name="target"/> now, or null when they may.</summary>
    public Refusal? WhyNotSetLocked(ParticipantId actor, ParticipantId target, bool locked)
    {
        if (ActingMediator(actor) is { } refused) return refused;
        if (Find(target) is not { } p) return UnknownPerson;
        if (p.IsGone) return new Refusal(RefusalReason.Removed, "That person was removed.");
        if (!p.IsAdmitted) return new Refusal(RefusalReason.NotAdmitted, "That person has not been admitted yet.");
        return p.IsLocked == locked
            ? new Refusal(RefusalReason.NoChange, locked ? "That person is already locked." : "That person is not locked.")
            : null;
    }

    /// <summary>A mediator removes a person: they are entitled to nothing from now on.</summary>
    public Outcome Remove(ParticipantId actor, ParticipantId target, DateTimeOffset at)
    {
        if (WhyNotRemove(actor, target) is { } refused) return Outcome.Refused(refused);

        _people[target] = _people[target] with { Location = Location.Gone, IsLocked = false, AskedForMediatorAt = null };
        return Accept(v => new ParticipantRemoved(v, at, actor, target));
    }

    /// <summary>Why <paramref name="actor"/> may not remove <paramref name="target"/> now, or null when they may.</summary>
    public Refusal? WhyNotRemove(ParticipantId actor, ParticipantId target)
    {
        if (ActingMediator(actor) is { } refused) return refused;
        if (actor == target) return new Refusal(RefusalReason.CannotRemoveSelf, "You cannot remove yourself; close the session instead.");
        if (Find(target) is not { } p) return UnknownPerson;
        return p.IsGone ? new Refusal(RefusalReason.Removed, "That person was already removed.") : null;
    }

    /// <summary>A mediator turns muting on arrival on or off for the whole session.</summary>
    public Outcome SetMuteOnArrival(ParticipantId actor, bool mute, DateTimeOffset at)
    {
        if (ActingMediator(actor) is { } refused) return Outcome.Refused(refused);
        if (MuteOnArrival == mute) return Outcome.Refused(RefusalReason.NoChange, mute ? "Arrivals are already muted." : "Arrivals are already not muted.");
        MuteOnArrival = mute;
        return Accept(v => new MuteOnArrivalChanged(v, at, actor, mute));
    }

    /// <summary>
    /// A party or advisor asks for the mediator. They cannot move themselves. Asking again while the ask is pending
    /// changes nothing (the mediators were told already); the ask is answered when a mediator moves them or comes into their room.
    /// </summary>
    public Outcome AskForMediator(ParticipantId actor, DateTimeOffset at)
    {
        if (ClosedRefusal() is { } closed) return Outcome.Refused(closed);
        if (Find(actor) is not { } p) return Unknown();
        if (p.IsGone) return Outcome.Refused(RefusalReason.Removed, "You were removed from this session.");
        if (p.IsMediator) return Outcome.Refused(RefusalReason.NotAParty, "Only parties and advisors ask for the mediator.");
        if (!p.IsAdmitted) return Outcome.Refused(RefusalReason.NotAdmitted, "You have not been admitted yet.");
        if (p.AskedForMediatorAt is not null) return Outcome.Refused(RefusalReason.NoChange, "You already asked; the mediator has been told and will come to you.");
        _people[actor] = p with { AskedForMediatorAt = at };
        return Accept(v => new MediatorAskedFor(v, at, actor));
    }

    /// <summary>A mediator closes the session: everyone is gone, its timers are cleared, and nothing else is accepted.</summary>
    public Outcome Close(ParticipantId actor, DateTimeOffset at)
    {
        if (ActingMediator(actor) is { } refused) return Outcome.Refused(refused);
        foreach (var p in _people.Values.ToList())
        {
            _people[p.Id] = p with { Location = Location.Gone, IsLocked = false, AskedForMediatorAt = null };
        }
        // A closed session counts nothing down: no timer of it is left to end (or for a host to arm again).
        _timers.Clear();
        IsClosed = true;
        return Accept(v => new SessionClosed(v, at, actor));
    }

    private Outcome Accept(Func<long, SessionEvent> makeEvent)
    {
        Version++;
        return Outcome.Accepted(makeEvent(Version));
    }

    private static readonly Refusal UnknownPerson = new(RefusalReason.UnknownParticipant, "No such person in this session.");

    private static Outcome Unknown() => Outcome.Refused(UnknownPerson);

    private Refusal? ClosedRefusal() =>
        IsClosed ? new Refusal(RefusalReason.SessionClosed, "This session is closed.") : null;

    /// <summary>Only an admitted, present mediator of this session acts as a mediator.</summary>
    private Refusal? ActingMediator(ParticipantId actor)
    {
        if (ClosedRefusal() is { } closed) return closed;
        return Find(actor) switch
        {
            null => new Refusal(RefusalReason.UnknownParticipant, "You are not part of this session."),
            { IsGone: true } => new Refusal(RefusalReason.Removed, "You were removed from this session."),
            { IsMediator: false } => new Refusal(RefusalReason.NotAMediator, "Only a mediator can do that."),
            { IsAdmitted: false } => new Refusal(RefusalReason.NotAdmitted, "You have not been admitted yet."),
            _ => null,
        };
    }

    private Refusal? PlacementProblem(Participant person, RoomId room)
    {
        if (FindRoom(room) is null) return new Refusal(RefusalReason.UnknownRoom, "No such room in this session.");
        return Entitlements.MayBeLocatedIn(this, person, room)
            ? null
            : new Refusal(RefusalReason.RoomNotAllowed, "That person may not be placed in that room: it is another side's private room or the mediators' room.");
    }
}
