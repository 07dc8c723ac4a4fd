namespace CaucusRooms.Contracts;

/// <summary>Names shared by the hub and its clients.</summary>
public static class HubPaths
{
    /// <summary>The session hub's path; add <c>?sessionId=…</c>.</summary>
    public const string Session = "/hubs/session";

    /// <summary>The longest message text accepted, in characters.</summary>
    public const int MaxMessageLength = 4000;

    /// <summary>The longest signaling payload accepted, in characters (an SDP offer of 8 video tracks fits).</summary>
    public const int MaxSignalLength = 16 * 1024;
}

/// <summary>A chat message, delivered only to people entitled to its room at the moment it was sent.</summary>
/// <param name="MessageId">The message's id.</param>
/// <param name="RoomId">The room it was said in; it never moves.</param>
/// <param name="Seq">Its place in the room's history.</param>
/// <param name="SenderId">Who said it.</param>
/// <param name="SenderName">Their display name.</param>
/// <param name="Text">Plain text, at most 4,000 characters.</param>
/// <param name="SentAt">When the server received it.</param>
/// <param name="SharedFrom">Set on a relay: the caucus item it carries, shared with that side's consent.</param>
/// <param name="ProposalOf">Set on a mediator's proposed summary in a private room: the item it would share in these words, once the side approves them.</param>
/// <param name="Kind">Null for what a person said; <see cref="MessageKinds.Announcement"/> or <see cref="MessageKinds.AskAnswer"/> for the mediator's toolkit.</param>
public sealed record MessageDto(string MessageId, string RoomId, long Seq, string SenderId, string SenderName, string Text, DateTimeOffset SentAt, SharedFromDto? SharedFrom = null, string? ProposalOf = null, string? Kind = null);

/// <summary>The link from a relay to the caucus item it shares: "Shared from Claimant's private session, with their consent".</summary>
/// <param name="ItemId">The message id of the original item in the caucus.</param>
/// <param name="Side">The side whose private session it came from.</param>
public sealed record SharedFromDto(string ItemId, string Side)
{
    /// <summary>The label every screen shows on a relay.</summary>
    public string Label => $"Shared from {Side}'s private session, with their consent";
}

/// <summary>The consent state of one caucus item: "Asked" (the mediator asked the side, or proposed these words), "Granted" (the side approved exactly these words), or "Withdrawn" (declined or taken back).</summary>
/// <param name="RoomId">The private room the item was said in.</param>
/// <param name="MessageId">The item.</param>
/// <param name="State">"Asked", "Granted" or "Withdrawn".</param>
/// <param name="At">When it last changed.</param>
/// <param name="ProposalOf">For a mediator's proposed summary, the item it summarizes.</param>
public sealed record ConsentDto(string RoomId, string MessageId, string State, DateTimeOffset At, string? ProposalOf = null);

/// <summary>The acknowledgement of a stored message.</summary>
public sealed record SendAck(string MessageId, long Seq);

/// <summary>A room as one person sees it.</summary>
/// <param name="RoomId">The room's id.</param>
/// <param name="Kind">"Joint", "Caucus" or "Mediators".</param>
/// <param name="Side">The side's name for a caucus.</param>
/// <param name="Label">What the person's screen calls it: "Everyone", "Private — Claimant and mediator", "Mediators only".</param>
/// <param name="DecidesConsent">This person's side decides whether the items said here may be shared (their own private room).</param>
/// <param name="AsksForConsent">This person (a mediator) may ask the room's side for consent and propose summaries.</param>
/// <param name="RelayTo">Room ids this person (a mediator) may share this room's consented items into; empty for everyone else.</param>
public sealed record MyRoomDto(string RoomId, string Kind, string? Side, string Label, bool DecidesConsent = false, bool AsksForConsent = false, IReadOnlyList<string>? RelayTo = null);

/// <summary>One person's own state: where they are and what they may read. Sent on every change.</summary>
/// <param name="ParticipantId">The person.</param>
/// <param name="DisplayName">Their display name.</param>
/// <param name="Role">"Mediator", "Party" or "Advisor".</param>
/// <param name="Side">Their side's name, or null.</param>
/// <param name="Location">"Lobby", "Room" or "Gone".</param>
/// <param name="RoomId">The room they are located in, when in a room.</param>
/// <param name="AgreementAccepted">True once accepted.</param>
/// <param name="IsLocked">Locked in place by the mediator.</param>
/// <param name="Rooms">The rooms they may read now; empty in the lobby.</param>
/// <param name="Version">The session version this state reflects.</param>
/// <param name="Reason">Why it changed ("admitted", "moved", "removed", "closed", …), or null.</param>
public sealed record MyStateDto(
    string ParticipantId, string DisplayName, string Role, string? Side, string Location, string? RoomId,
    bool AgreementAccepted, bool IsLocked, IReadOnlyList<MyRoomDto> Rooms, long Version, string? Reason);

/// <summary>A party or advisor asked for the mediator.</summary>
public sealed record MediatorAskedForDto(string ParticipantId, string DisplayName, string? Side, DateTimeOffset At);

/// <summary>The events the server sends to a client of the session hub.</summary>
public partial interface ISessionClient
{
    /// <summary>A message in a room the connection may read.</summary>
    Task MessageReceived(MessageDto message);

    /// <summary>This person's own state changed (admitted, moved, locked, removed, closed).</summary>
    Task StateChanged(MyStateDto state);

    /// <summary>To mediators: the session's people or locations changed.</summary>
    Task SessionChanged(SessionViewDto session);

    /// <summary>To mediators: a party or advisor asked for the mediator.</summary>
    Task MediatorAskedFor(MediatorAskedForDto ask);

    /// <summary>A signaling message from someone in the same room.</summary>
    Task SignalReceived(SignalDto signal);

    /// <summary>Who is in the receiver's room now (for video tiles and peer connections).</summary>
    Task MediaRosterChanged(MediaRosterDto roster);

    /// <summary>To the caucus (its side and the mediators): an item's consent to share changed.</summary>
    Task ConsentChanged(ConsentDto consent);

    /// <summary>To a document's readers and the mediators: a document was shared into a room (download it from its path).</summary>
    Task DocumentShared(DocumentDto document);
}

/// <summary>A WebRTC signaling message (offer, answer or ICE candidate) relayed from another person in the same room.</summary>
/// <param name="FromParticipantId">Who sent it.</param>
/// <param name="Payload">The JSON text the sender passed to <c>RelaySignal</c>, unchanged.</param>
public sealed record SignalDto(string FromParticipantId, string Payload);

/// <summary>Someone located in the receiver's room now: whose media the room carries, and who reads what is said there now.</summary>
/// <param name="ParticipantId">The person.</param>
/// <param name="DisplayName">Their display name.</param>
/// <param name="IsOnline">True while they have a connection open.</param>
/// <param name="Role">"Mediator", "Party" or "Advisor".</param>
public sealed record RosterEntryDto(string ParticipantId, string DisplayName, bool IsOnline, string Role);

/// <summary>
/// Who is located in the room the receiver is in now ("here now"): the people to have peer connections with,
/// and the people who read what is said there now. Sent to each person in a room whenever it changes (admit,
/// move, removal, connect, disconnect); null room for someone in no room. Nobody is told who is in a room they
/// are not in.
/// </summary>
/// <param name="RoomId">The receiver's room.</param>
/// <param name="Label">Its label ("Everyone", "Private — Tenant and mediator", "Mediators only").</param>
/// <param name="People">Everyone located there now, the receiver included.</param>
/// <param name="MuteOnArrival">People arriving in a room start muted.</param>
/// <param name="Version">The session version this roster reflects.</param>
/// <param name="EveryoneHere">True when every admitted person of the session is in this room: only then does the joint room say "Everyone".</param>
/// <param name="Readers">For each room the receiver may write in now, who would read a message sent there now (its composer's "To:").</param>
public sealed record MediaRosterDto(string? RoomId, string? Label, IReadOnlyList<RosterEntryDto> People, bool MuteOnArrival, long Version, bool EveryoneHere,
    IReadOnlyList<RoomReadersDto>? Readers = null);

/// <summary>One STUN or TURN server for RTCPeerConnection.</summary>
public sealed record IceServerDto(IReadOnlyList<string> Urls, string? Username, string? Credential);

/// <summary>The ICE configuration for this person, with short-lived TURN credentials.</summary>
/// <param name="IceServers">STUN and TURN servers for <c>RTCPeerConnection</c>.</param>
/// <param name="ExpiresAt">When the TURN credentials stop working.</param>
/// <param name="IceTransportPolicy">
/// <c>RTCPeerConnection</c>'s <c>iceTransportPolicy</c>: <see cref="RelayPolicy"/> when the service has TURN
/// (media only through it, no address of anyone reaches anyone else), otherwise <see cref="AllPolicy"/>.
/// </param>
public sealed record IceConfigDto(IReadOnlyList<IceServerDto> IceServers, DateTimeOffset ExpiresAt, string IceTransportPolicy)
{
    /// <summary>Only relay candidates (through TURN).</summary>
    public const string RelayPolicy = "relay";

    /// <summary>Every candidate: the browser's own addresses included.</summary>
    public const string AllPolicy = "all";
}
