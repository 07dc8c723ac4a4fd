namespace CaucusRooms.Contracts;

/// <summary>Sign-in of a mediator or admin account.</summary>
public sealed record LoginRequest(string UserName, string Password);

/// <summary>Who the signed-in caller is.</summary>
/// <param name="Kind">"Account" for mediator and admin accounts, "Invitee" for people signed in by an invite.</param>
/// <param name="Role">Mediator, Admin, Party or Advisor.</param>
/// <param name="Name">Account user name, or the invitee's display name.</param>
/// <param name="SessionId">The one session of an invitee; null for accounts.</param>
/// <param name="ParticipantId">The invitee's participant id; null for accounts.</param>
public sealed record MeResponse(string Kind, string Role, string Name, string? SessionId, string? ParticipantId);

/// <summary>Opens a session.</summary>
public sealed record CreateSessionRequest(string Title, IReadOnlyList<string> Sides, string? AgreementText);

/// <summary>One room of a session.</summary>
/// <param name="RoomId">The room's id.</param>
/// <param name="Kind">"Joint", "Caucus" or "Mediators".</param>
/// <param name="Side">The side's name, for a caucus.</param>
/// <param name="EveryoneHere">True when every admitted person of the session is in this room now (the service decides it, as for <see cref="MediaRosterDto.EveryoneHere"/>).</param>
public sealed record RoomDto(string RoomId, string Kind, string? Side, bool EveryoneHere = false);

/// <summary>The session just opened.</summary>
public sealed record CreateSessionResponse(string SessionId, IReadOnlyList<RoomDto> Rooms);

/// <summary>A session in the list of sessions a mediator runs.</summary>
/// <param name="SessionId">The session's id.</param>
/// <param name="Title">The session's title.</param>
/// <param name="IsClosed">True once closed.</param>
/// <param name="People">How many people the session has, mediators and those gone included.</param>
/// <param name="Agreement">Of an open session, each party and advisor not gone and whether they accepted the agreement, so the list needs no request per session; empty for a closed one.</param>
public sealed record SessionSummaryDto(string SessionId, string Title, bool IsClosed, int People, IReadOnlyList<AgreementLineDto> Agreement);

/// <summary>One person's line of a session's agreement in the list of sessions.</summary>
/// <param name="DisplayName">The name everyone sees.</param>
/// <param name="Accepted">True once they accepted the agreement.</param>
public sealed record AgreementLineDto(string DisplayName, bool Accepted);

/// <summary>A person as their session's mediators see them.</summary>
/// <param name="ParticipantId">The person's id.</param>
/// <param name="DisplayName">The name everyone sees.</param>
/// <param name="Role">"Mediator", "Party" or "Advisor".</param>
/// <param name="Side">The side's name, or null for mediators.</param>
/// <param name="Location">"Lobby", "Room" or "Gone".</param>
/// <param name="RoomId">The room they are located in, when in a room.</param>
/// <param name="AgreementAccepted">True once they accepted.</param>
/// <param name="AcceptedTypedName">The name they typed, when accepted.</param>
/// <param name="AcceptedVersion">The agreement version accepted.</param>
/// <param name="AcceptedAt">When they accepted.</param>
/// <param name="IsLocked">Locked in place.</param>
/// <param name="Devices">How many times their invite was redeemed (devices signed in).</param>
/// <param name="IsOnline">True while at least one connection of theirs is open.</param>
/// <param name="Actions">What the mediator reading this view may do with the person now.</param>
public sealed record PersonDto(
    string ParticipantId, string DisplayName, string Role, string? Side, string Location, string? RoomId,
    bool AgreementAccepted, string? AcceptedTypedName, int? AcceptedVersion, DateTimeOffset? AcceptedAt,
    bool IsLocked, int Devices, bool IsOnline, PersonActionsDto? Actions = null);

/// <summary>
/// What the mediator who reads this view may do with the person now, decided by the service with the
/// same checks the operations make: a screen offers these and no others.
/// </summary>
/// <param name="AdmitTo">Room ids the person may be admitted to.</param>
/// <param name="MoveTo">Room ids the person may be moved to (never where they are).</param>
/// <param name="MayLock">Lock is offered.</param>
/// <param name="MayUnlock">Unlock is offered.</param>
/// <param name="MayRemove">Remove is offered (never for oneself).</param>
public sealed record PersonActionsDto(IReadOnlyList<string> AdmitTo, IReadOnlyList<string> MoveTo, bool MayLock, bool MayUnlock, bool MayRemove);

/// <summary>The whole session as its mediators see it.</summary>
/// <param name="SessionId">The session.</param>
/// <param name="Title">Its title (mediators only).</param>
/// <param name="IsClosed">True once closed.</param>
/// <param name="Version">The session version this view reflects.</param>
/// <param name="AgreementText">The confidentiality agreement.</param>
/// <param name="AgreementVersion">Its version.</param>
/// <param name="Rooms">Joint, caucuses, mediators' room.</param>
/// <param name="People">Everyone invited, with location and agreement status.</param>
/// <param name="MuteOnArrival">People arriving in a room start with their microphone muted.</param>
/// <param name="Asks">The asks for the mediator waiting for an answer, oldest first (the ask queue).</param>
public sealed record SessionViewDto(
    string SessionId, string Title, bool IsClosed, long Version, string AgreementText, int AgreementVersion,
    IReadOnlyList<RoomDto> Rooms, IReadOnlyList<PersonDto> People, bool MuteOnArrival = true, IReadOnlyList<AskDto>? Asks = null);

/// <summary>Invites a person to a session.</summary>
/// <param name="DisplayName">The name others will see.</param>
/// <param name="Role">"Party", "Advisor" or "Mediator".</param>
/// <param name="Side">The side's name (parties and advisors).</param>
public sealed record InviteRequest(string DisplayName, string Role, string? Side);

/// <summary>The personal invite: give the link (or the code) to that person only.</summary>
public sealed record InviteResponse(string ParticipantId, string InviteUrl, string Code, DateTimeOffset ExpiresAt);

/// <summary>Redeems an invite code.</summary>
public sealed record RedeemRequest(string Code);

/// <summary>The session and person an invite signed in.</summary>
public sealed record RedeemResponse(string SessionId, string ParticipantId);

/// <summary>Accepts the session's agreement.</summary>
/// <param name="TypedName">The person's name, typed as a signature.</param>
/// <param name="AgreementVersion">The version read; defaults to the current one.</param>
public sealed record AcceptAgreementRequest(string TypedName, int? AgreementVersion = null);

/// <summary>The agreement a person must accept.</summary>
public sealed record AgreementDto(string Text, int Version, bool Accepted);

/// <summary>A refused request: the reason code and a sentence a person can act on.</summary>
public sealed record ErrorResponse(string Error, string Message);

/// <summary>One entry of a session's audit trail: who did what, when — never message text.</summary>
/// <param name="Seq">Its place in the append-only trail.</param>
/// <param name="At">When.</param>
/// <param name="Kind">Invited, AgreementAccepted, Admitted, Moved, LockChanged, Removed, MediatorAskedFor, MuteOnArrivalChanged, SessionClosed, ConsentAsked, ConsentGranted, ConsentWithdrawn, Relayed, WarningOverridden, WarningHeeded, MessagesPurged.</param>
/// <param name="ActorId">Who did it.</param>
/// <param name="ActorName">Their display name.</param>
/// <param name="TargetId">Whom it concerned, if someone else.</param>
/// <param name="TargetName">Their display name.</param>
/// <param name="From">The room moved or relayed from ("Joint", "Caucus Claimant", …).</param>
/// <param name="To">The room moved or relayed to.</param>
/// <param name="ItemId">The caucus item concerned (consent, relay), by id only.</param>
/// <param name="Detail">Role and side of an invite, typed name and agreement version of an acceptance, and the like.</param>
/// <param name="WordsHmac">On a relay: a keyed hash (HMAC-SHA256 with the session's audit key) of the words relayed — never the words; check a quoted text against it with <c>POST /api/sessions/{id}/audit/check</c>.</param>
public sealed record AuditEntryDto(
    long Seq, DateTimeOffset At, string Kind, string? ActorId, string? ActorName, string? TargetId, string? TargetName,
    string? From, string? To, string? ItemId, string? Detail, string? WordsHmac = null);

/// <summary>A text a mediator wants to check against the relays recorded in the audit trail.</summary>
public sealed record WordsCheckRequest(string? Text);

/// <summary>The relay entries of the audit trail whose recorded words are exactly the text checked.</summary>
public sealed record WordsCheckResponse(IReadOnlyList<AuditEntryDto> Matches);

/// <summary>One acceptance of the confidentiality agreement.</summary>
public sealed record AgreementAcceptanceDto(string ParticipantId, string DisplayName, string Role, string? Side, string TypedName, int AgreementVersion, DateTimeOffset AcceptedAt);

/// <summary>Who accepted which agreement version and when, with the agreement's text.</summary>
public sealed record AgreementRecordDto(string SessionId, string Title, int AgreementVersion, string AgreementText, IReadOnlyList<AgreementAcceptanceDto> Acceptances);
