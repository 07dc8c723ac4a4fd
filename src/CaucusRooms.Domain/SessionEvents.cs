namespace CaucusRooms.Domain;

/// <summary>Something that happened to a session. Events carry ids, never message text.</summary>
/// <param name="Version">The session version this event produced.</param>
/// <param name="At">When it happened.</param>
/// <param name="Actor">Who did it.</param>
public abstract record SessionEvent(long Version, DateTimeOffset At, ParticipantId Actor);

/// <summary>A session was opened by its first mediator.</summary>
public sealed record SessionOpened(long Version, DateTimeOffset At, ParticipantId Actor)
    : SessionEvent(Version, At, Actor);

/// <summary>A person was invited.</summary>
public sealed record ParticipantInvited(long Version, DateTimeOffset At, ParticipantId Actor, ParticipantId Participant, Role Role, SideId? Side)
    : SessionEvent(Version, At, Actor);

/// <summary>A person accepted the agreement.</summary>
public sealed record AgreementAccepted(long Version, DateTimeOffset At, ParticipantId Actor, int AgreementVersion)
    : SessionEvent(Version, At, Actor);

/// <summary>A person was admitted from their lobby slot into a room.</summary>
public sealed record ParticipantAdmitted(long Version, DateTimeOffset At, ParticipantId Actor, ParticipantId Participant, RoomId To)
    : SessionEvent(Version, At, Actor);

/// <summary>A person was moved from one room to another.</summary>
public sealed record ParticipantMoved(long Version, DateTimeOffset At, ParticipantId Actor, ParticipantId Participant, RoomId From, RoomId To)
    : SessionEvent(Version, At, Actor);

/// <summary>A person was locked in place, or unlocked.</summary>
public sealed record ParticipantLockChanged(long Version, DateTimeOffset At, ParticipantId Actor, ParticipantId Participant, bool IsLocked)
    : SessionEvent(Version, At, Actor);

/// <summary>A person was removed: their connections close and their invite stops working.</summary>
public sealed record ParticipantRemoved(long Version, DateTimeOffset At, ParticipantId Actor, ParticipantId Participant)
    : SessionEvent(Version, At, Actor);

/// <summary>A party or advisor asked for the mediator.</summary>
public sealed record MediatorAskedFor(long Version, DateTimeOffset At, ParticipantId Actor)
    : SessionEvent(Version, At, Actor);

/// <summary>The session was closed: everyone is gone.</summary>
public sealed record SessionClosed(long Version, DateTimeOffset At, ParticipantId Actor)
    : SessionEvent(Version, At, Actor);

/// <summary>A mediator turned muting on arrival on or off.</summary>
public sealed record MuteOnArrivalChanged(long Version, DateTimeOffset At, ParticipantId Actor, bool MuteOnArrival)
    : SessionEvent(Version, At, Actor);

/// <summary>A mediator asked a side whether an item of its caucus may be shared, or proposed a summary (<paramref name="ProposalOf"/>) to it.</summary>
public sealed record ConsentAsked(long Version, DateTimeOffset At, ParticipantId Actor, Guid ItemId, RoomId Caucus, Guid? ProposalOf)
    : SessionEvent(Version, At, Actor);

/// <summary>The side approved sharing exactly the item's words.</summary>
public sealed record ConsentGranted(long Version, DateTimeOffset At, ParticipantId Actor, Guid ItemId, RoomId Caucus)
    : SessionEvent(Version, At, Actor);

/// <summary>The side declined, or took its approval back.</summary>
public sealed record ConsentWithdrawn(long Version, DateTimeOffset At, ParticipantId Actor, Guid ItemId, RoomId Caucus)
    : SessionEvent(Version, At, Actor);

/// <summary>A mediator relayed an item's approved words into another room; <paramref name="WordsDigest"/> is a keyed hash of them, never the words.</summary>
public sealed record ItemRelayed(long Version, DateTimeOffset At, ParticipantId Actor, Guid ItemId, RoomId From, RoomId To, string WordsDigest)
    : SessionEvent(Version, At, Actor);
