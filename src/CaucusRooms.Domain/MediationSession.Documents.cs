namespace CaucusRooms.Domain;

/// <summary>
/// Documents in rooms as changes of the session: a share is decided on the session as it is at that moment and
/// recorded like a move, by ids, kind and size — never by the file's name or content. Sending a caucus document onward
/// is the consent flow's (<see cref="AskForConsent"/>, <see cref="DecideConsent"/>, <see cref="Relay"/>), the document
/// being the item (<see cref="Documents.ItemOf"/>).
/// </summary>
public sealed partial class MediationSession
{
    /// <summary>
    /// <paramref name="actor"/> shares a document of <paramref name="size"/> bytes into <paramref name="room"/>: only someone who
    /// may write in it now (<see cref="Entitlements.WhyNotShareDocument"/>). Its readers are the room's at this moment
    /// (<see cref="Entitlements.Readers"/>), which the host fixes with the document.
    /// </summary>
    public Outcome ShareDocument(ParticipantId actor, RoomId room, Guid documentId, DocumentKind kind, long size, DateTimeOffset at)
    {
        if (Entitlements.WhyNotShareDocument(this, actor, room) is { } refused) return Outcome.Refused(refused);
        if (size < 1) return Outcome.Refused(Documents.Empty);
        if (size > Documents.MaxBytes) return Outcome.Refused(Documents.TooLarge);
        if (!Enum.IsDefined(kind)) return Outcome.Refused(Documents.TypeNotAllowed);
        return Accept(v => new DocumentShared(v, at, actor, documentId, room, kind, size));
    }
}

/// <summary>A document was shared into a room; its readers were fixed at this moment. Ids, kind and size only: never its name or content.</summary>
public sealed record DocumentShared(long Version, DateTimeOffset At, ParticipantId Actor, Guid DocumentId, RoomId Room, DocumentKind Kind, long Size)
    : SessionEvent(Version, At, Actor);
