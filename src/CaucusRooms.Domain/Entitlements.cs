namespace CaucusRooms.Domain;

/// <summary>
/// The one place that says what a person may do with a room right now. Every other part
/// of the system (the hub, stores, the client's view model) asks here and never decides itself.
/// </summary>
public static partial class Entitlements
{
    /// <summary>A current member of an open session: invited and not removed. Only members connect or sign in by invite.</summary>
    public static bool IsMember(MediationSession session, ParticipantId personId)
    {
        ArgumentNullException.ThrowIfNull(session);
        return !session.IsClosed && session.Find(personId) is { IsGone: false };
    }

    /// <summary>
    /// Acts as a mediator now: a mediator of this open session who has been admitted (a co-mediator
    /// still in their lobby slot, or a removed one, has no mediator rights). Sees the session whole.
    /// </summary>
    public static bool ActsAsMediator(MediationSession session, ParticipantId personId)
    {
        ArgumentNullException.ThrowIfNull(session);
        return !session.IsClosed && session.Find(personId) is { IsMediator: true, IsAdmitted: true };
    }

    /// <summary>In a room now, so part of a room's media (ICE servers, the roster of their room).</summary>
    public static bool IsInARoom(MediationSession session, ParticipantId personId)
    {
        ArgumentNullException.ThrowIfNull(session);
        return !session.IsClosed && session.Find(personId) is { IsAdmitted: true };
    }

    /// <summary>
    /// Reads the session's records (audit trail, agreement record): a mediator acting now, or after the
    /// session closed, a mediator who ran it to the end (<paramref name="ranItToTheEnd"/>: the caller is one
    /// of the mediator accounts that opened or ran it, which the host knows and the domain does not).
    /// </summary>
    public static bool MayReadRecords(MediationSession session, ParticipantId personId, bool ranItToTheEnd)
    {
        ArgumentNullException.ThrowIfNull(session);
        return ActsAsMediator(session, personId)
            || (session.IsClosed && ranItToTheEnd && session.Find(personId) is { IsMediator: true });
    }

    /// <summary>
    /// Where a person may ever be located: a mediator in any room of the session;
    /// a party or advisor in the joint room or their own side's caucus only.
    /// </summary>
    public static bool MayBeLocatedIn(MediationSession session, Participant person, RoomId room)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(person);
        if (session.FindRoom(room) is not { } r) return false;
        return person.Role == Role.Mediator || r.Kind switch
        {
            RoomKind.Joint => true,
            RoomKind.Caucus => r.Side == person.Side,
            _ => false,
        };
    }

    /// <summary>
    /// Read entitlement now: a mediator reads every room; a party or advisor reads the joint
    /// room while located there and their own side's caucus while admitted. Nobody in a lobby
    /// slot, removed, or in a closed session reads anything.
    /// </summary>
    public static bool MayRead(MediationSession session, ParticipantId personId, RoomId room)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.IsClosed || session.Find(personId) is not { IsAdmitted: true } person) return false;
        if (session.FindRoom(room) is not { } r) return false;
        if (person.Role == Role.Mediator) return true;
        return r.Kind switch
        {
            RoomKind.Joint => person.Location.IsIn(room),
            RoomKind.Caucus => r.Side == person.Side,
            _ => false,
        };
    }

    /// <summary>Write entitlement now: the same as read — whoever may read a room may write in it.</summary>
    public static bool MayWrite(MediationSession session, ParticipantId personId, RoomId room) =>
        MayRead(session, personId, room);

    /// <summary>Audio and video flow only between people located in the same room.</summary>
    public static bool MaySeeMediaOf(MediationSession session, ParticipantId personId, RoomId room)
    {
        ArgumentNullException.ThrowIfNull(session);
        return !session.IsClosed && session.Find(personId) is { IsAdmitted: true } person && person.Location.IsIn(room);
    }

    /// <summary>Every room the person may read now, in the session's room order.</summary>
    public static IReadOnlyList<RoomId> ReadableRooms(MediationSession session, ParticipantId personId)
    {
        ArgumentNullException.ThrowIfNull(session);
        return [.. session.Rooms.Where(r => MayRead(session, personId, r.Id)).Select(r => r.Id)];
    }

    /// <summary>
    /// The readers of a message sent to <paramref name="room"/> now: everyone entitled to the room at this
    /// moment (invariant 3). They are fixed when the message is sent and stored with it; the message is
    /// delivered to them and to nobody else, and later moves or admissions never add anyone to them.
    /// </summary>
    public static IReadOnlyList<ParticipantId> Readers(MediationSession session, RoomId room)
    {
        ArgumentNullException.ThrowIfNull(session);
        // Every send fixes its readers here: one list, no LINQ chain or closure.
        var readers = new List<ParticipantId>(session.Everyone.Count);
        foreach (var person in session.Everyone)
            if (MayRead(session, person.Id, room)) readers.Add(person.Id);
        return readers;
    }

    /// <summary>
    /// May see a stored message whose readers were fixed when it was sent (<paramref name="readers"/>), live or in
    /// history: a mediator acting now sees every message of the session (including a co-mediator admitted later);
    /// a party or advisor only a message they were a reader of, and only while admitted to the open session.
    /// Where a person is now never widens what they may read of the past.
    /// </summary>
    public static bool MaySee(MediationSession session, ParticipantId personId, IReadOnlyCollection<ParticipantId> readers)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(readers);
        if (session.IsClosed || session.Find(personId) is not { IsAdmitted: true } person) return false;
        return person.IsMediator || readers.Contains(personId);
    }

    /// <summary>
    /// WebRTC signaling (offers, answers, ICE candidates) may pass between two different people only
    /// while both are located in the same room (invariant 8).
    /// </summary>
    public static bool MayExchangeMedia(MediationSession session, ParticipantId from, ParticipantId to)
    {
        ArgumentNullException.ThrowIfNull(session);
        return from != to
            && !session.IsClosed
            && session.Find(from) is { IsAdmitted: true } a
            && session.Find(to) is { IsAdmitted: true } b
            && a.Location == b.Location;
    }

    /// <summary>Everyone located in <paramref name="room"/> now: the people whose media that room carries.</summary>
    public static IReadOnlyList<Participant> PresentIn(MediationSession session, RoomId room)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.IsClosed ? [] : [.. session.People.Where(p => p.Location.IsIn(room))];
    }

    /// <summary>
    /// Every admitted person of the open session is located in <paramref name="room"/> now: only then may a
    /// room's heading say "Everyone". Told only to people located in that room (invariant 11).
    /// </summary>
    public static bool EveryoneIsIn(MediationSession session, RoomId room)
    {
        ArgumentNullException.ThrowIfNull(session);
        return !session.IsClosed && session.People.Where(p => p.IsAdmitted).All(p => p.Location.IsIn(room));
    }

    /// <summary>
    /// Consent to share an item said in a caucus belongs to that caucus's side alone (Model Standard V):
    /// only a party or advisor of that side, admitted now, may grant or withdraw it.
    /// </summary>
    public static bool MayDecideConsent(MediationSession session, ParticipantId personId, RoomId caucus)
    {
        ArgumentNullException.ThrowIfNull(session);
        return !session.IsClosed
            && session.Find(personId) is { IsAdmitted: true, IsMediator: false } person
            && session.FindRoom(caucus) is { Kind: RoomKind.Caucus } room
            && room.Side == person.Side;
    }

    /// <summary>
    /// Granting consent for one item: the item's side decides (<see cref="MayDecideConsent"/>), and what a
    /// mediator said in that caucus becomes shareable only after the mediator asked the side.
    /// </summary>
    public static bool MayGrantConsent(MediationSession session, ParticipantId personId, RoomId caucus, ParticipantId itemSender, bool mediatorAsked)
    {
        ArgumentNullException.ThrowIfNull(session);
        return MayDecideConsent(session, personId, caucus)
            && (mediatorAsked || session.Find(itemSender) is not { IsMediator: true });
    }

    /// <summary>
    /// A mediator may ask a side for consent to share an item of that side's caucus.
    /// </summary>
    public static bool MayAskForConsent(MediationSession session, ParticipantId personId, RoomId caucus)
    {
        ArgumentNullException.ThrowIfNull(session);
        return !session.IsClosed
            && session.Find(personId) is { IsAdmitted: true, IsMediator: true }
            && session.FindRoom(caucus) is { Kind: RoomKind.Caucus };
    }

    /// <summary>
    /// Only a mediator relays, only out of a caucus, and only into the joint room or another side's
    /// caucus — never into the mediators' room or back into the same caucus. Whether the item is
    /// shareable is the other half of the rule, held with the item.
    /// </summary>
    public static bool MayRelay(MediationSession session, ParticipantId personId, RoomId fromCaucus, RoomId to)
    {
        ArgumentNullException.ThrowIfNull(session);
        return !session.IsClosed
            && session.Find(personId) is { IsAdmitted: true, IsMediator: true }
            && session.FindRoom(fromCaucus) is { Kind: RoomKind.Caucus }
            && session.FindRoom(to) is { Kind: RoomKind.Joint or RoomKind.Caucus } target
            && target.Id != fromCaucus;
    }
}
