namespace CaucusRooms.Domain;

public static partial class Entitlements
{
    /// <summary>Shares a document into a room: whoever may write in it now (<see cref="MayWrite"/>).</summary>
    public static bool MayShareDocument(MediationSession session, ParticipantId personId, RoomId room) => MayWrite(session, personId, room);

    /// <summary>
    /// Lists and downloads a document whose readers were fixed when it was shared (<see cref="Readers"/>): the same rule
    /// as a message (<see cref="MaySee"/>) — its readers while admitted, and the mediators acting now.
    /// </summary>
    public static bool MayDownload(MediationSession session, ParticipantId personId, IReadOnlyCollection<ParticipantId> readers) =>
        MaySee(session, personId, readers);

    /// <summary>Why the person may not share a document into the room now, or null.</summary>
    public static Refusal? WhyNotShareDocument(MediationSession session, ParticipantId personId, RoomId room)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.IsClosed) return new(RefusalReason.SessionClosed, "The session is closed; nothing more can be shared in it.");
        if (session.FindRoom(room) is null) return new(RefusalReason.UnknownRoom, "No such room in this session.");
        return MayShareDocument(session, personId, room) ? null
            : new(RefusalReason.NotEntitled, "You may share files only in a room you may write in now.");
    }

    /// <summary>
    /// The consent rule for documents: the same file (<paramref name="earlierRoom"/>'s copy, byte for byte) once shared in a
    /// caucus reaches other readers only through the consent flow — shared again into a room whose readers differ from
    /// that caucus copy's readers (<paramref name="earlierReaders"/>), it is refused. Null when the copy may be shared.
    /// </summary>
    public static Refusal? WhyNotShareCopy(MediationSession session, IReadOnlyCollection<ParticipantId> readers, RoomId earlierRoom, IReadOnlyCollection<ParticipantId> earlierReaders)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(readers);
        ArgumentNullException.ThrowIfNull(earlierReaders);
        if (session.FindRoom(earlierRoom) is not { Kind: RoomKind.Caucus }) return null;
        if (readers.Count == earlierReaders.Count && readers.All(earlierReaders.Contains)) return null;
        return new(RefusalReason.NeedsConsent,
            "This file was shared in a caucus, so it goes to other people only with that side's consent: ask the mediator to use the consent flow (mark it shareable, then relay).");
    }
}
