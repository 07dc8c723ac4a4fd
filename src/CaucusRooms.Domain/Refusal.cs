namespace CaucusRooms.Domain;

/// <summary>Why an operation was refused. Stable names: clients and audits rely on them.</summary>
public enum RefusalReason
{
    /// <summary>Only a mediator of this session may do this.</summary>
    NotAMediator,

    /// <summary>No such session, or the caller is a stranger to it.</summary>
    UnknownSession,

    /// <summary>No such person in this session.</summary>
    UnknownParticipant,

    /// <summary>No such room in this session.</summary>
    UnknownRoom,

    /// <summary>No such side in this session, or a side where none belongs.</summary>
    InvalidSide,

    /// <summary>The session is closed.</summary>
    SessionClosed,

    /// <summary>The person (actor or target) has been removed.</summary>
    Removed,

    /// <summary>The person has not accepted the current agreement.</summary>
    AgreementNotAccepted,

    /// <summary>The agreement was already accepted.</summary>
    AgreementAlreadyAccepted,

    /// <summary>The agreement version accepted is not the session's current one.</summary>
    AgreementVersionMismatch,

    /// <summary>The person is not waiting in the lobby.</summary>
    NotInLobby,

    /// <summary>The person has not been admitted yet.</summary>
    NotAdmitted,

    /// <summary>That person may never be located in that room (for example another side's caucus).</summary>
    RoomNotAllowed,

    /// <summary>The person is locked in place.</summary>
    Locked,

    /// <summary>The person is already there, or already in that state.</summary>
    NoChange,

    /// <summary>A name was empty or too long.</summary>
    InvalidName,

    /// <summary>A value was malformed, empty or too long (message text, ids, payloads, roles).</summary>
    InvalidInput,

    /// <summary>A session needs at least two distinct sides.</summary>
    InvalidSides,

    /// <summary>A mediator cannot remove themselves.</summary>
    CannotRemoveSelf,

    /// <summary>Only parties and advisors ask for the mediator.</summary>
    NotAParty,

    /// <summary>The person may not read or write in that room now.</summary>
    NotEntitled,

    /// <summary>No such message in that room.</summary>
    UnknownItem,

    /// <summary>The side that said it has not marked it as shareable (or took that back).</summary>
    NotShareable,

    /// <summary>The words to relay are not exactly the words the side approved.</summary>
    NotApproved,

    /// <summary>The person has as many connections open as the service allows one person.</summary>
    TooManyConnections,

    /// <summary>A document with no content.</summary>
    EmptyDocument,

    /// <summary>A document larger than the service accepts (10 MB).</summary>
    DocumentTooLarge,

    /// <summary>A document whose content is not a PDF, an image (PNG, JPEG, GIF) or plain text, whatever its name says.</summary>
    DocumentTypeNotAllowed,

    /// <summary>What was shared in a caucus goes to other readers only through the consent flow.</summary>
    NeedsConsent,
}

/// <summary>A typed refusal with a clear, human-readable reason.</summary>
/// <param name="Reason">The machine-readable reason.</param>
/// <param name="Message">A sentence a person can act on.</param>
public sealed record Refusal(RefusalReason Reason, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Reason}: {Message}";
}
