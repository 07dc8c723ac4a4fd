namespace CaucusRooms.Contracts;

/// <summary>
/// The calls a client makes on the session hub (<see cref="HubPaths.Session"/>), with their exact parameter and
/// return types. The server's hub implements it; every .NET caller names a method as <c>nameof(ISessionHub.X)</c>.
/// All ids are strings. A refused call throws a hub error whose text is a <see cref="HubRefusal"/>.
/// </summary>
public partial interface ISessionHub
{
    /// <summary>Mediators: admits a person from their lobby slot into a room they may be in.</summary>
    Task Admit(string participantId, string roomId);

    /// <summary>Mediators: moves an admitted person to another room they may be in.</summary>
    Task Move(string participantId, string roomId);

    /// <summary>Mediators: locks a person in place.</summary>
    Task Lock(string participantId);

    /// <summary>Mediators: unlocks a person.</summary>
    Task Unlock(string participantId);

    /// <summary>Mediators: removes a person, closing their connections and revoking their invite.</summary>
    Task Remove(string participantId);

    /// <summary>Mediators: closes the session for everyone.</summary>
    Task CloseSession();

    /// <summary>Mediators: whether people arriving in a room start muted.</summary>
    Task SetMuteOnArrival(bool mute);

    /// <summary>Relays an offer, answer or ICE candidate (a JSON string) to someone in the same room.</summary>
    Task RelaySignal(string toParticipantId, string payload);

    /// <summary>Who is located in the caller's room now.</summary>
    Task<MediaRosterDto> GetMediaRoster();

    /// <summary>Parties and advisors: asks for the mediator.</summary>
    Task AskForMediator();

    /// <summary>Says <paramref name="text"/> in <paramref name="roomId"/>; idempotent per sender, room and <paramref name="clientMessageId"/>.</summary>
    Task<SendAck> SendMessage(string roomId, string clientMessageId, string text);

    /// <summary>Up to one page of the room's messages after <paramref name="afterSeq"/> that the caller was a reader of, oldest first.</summary>
    Task<IReadOnlyList<MessageDto>> GetHistory(string roomId, long afterSeq);

    /// <summary>Mediators: asks a side whether an item of its private room may be shared.</summary>
    Task AskForConsent(string roomId, string messageId);

    /// <summary>Parties and advisors of the side: marks an item of its private room as shareable, or takes that back.</summary>
    Task SetShareable(string roomId, string messageId, bool shareable);

    /// <summary>Mediators: proposes to share an item of a private room in other words, which the side approves or declines verbatim.</summary>
    Task<SendAck> ProposeSummary(string roomId, string messageId, string clientMessageId, string text);

    /// <summary>Mediators: relays an item's approved words verbatim into the joint room or another side's private room.</summary>
    Task<SendAck> RelaySharedItem(string fromRoomId, string messageId, string toRoomId, string? summary);

    /// <summary>The consent states of the items of a private room the caller may see.</summary>
    Task<IReadOnlyList<ConsentDto>> GetConsents(string roomId);

    /// <summary>Mediators: records the answer to the misdirected-send warning (audited, without the text).</summary>
    Task RecordSendWarning(string roomId, bool sentAnyway);

    /// <summary>The caller's own state.</summary>
    Task<MyStateDto> GetState();

    /// <summary>Mediators: the whole session.</summary>
    Task<SessionViewDto> GetSession();
}
