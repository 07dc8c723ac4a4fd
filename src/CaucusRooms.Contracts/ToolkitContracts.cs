namespace CaucusRooms.Contracts;

/// <summary>The mediator's toolkit on the hub: announcements, room timers, everyone back, the ask queue.</summary>
public partial interface ISessionHub
{
    /// <summary>Mediators: says <paramref name="text"/> once in every room, marked as an announcement; one ack per room. Idempotent per <paramref name="clientMessageId"/>.</summary>
    Task<IReadOnlyList<SendAck>> Announce(string clientMessageId, string text);

    /// <summary>Mediators: starts a countdown of <paramref name="seconds"/> on a room.</summary>
    Task StartTimer(string roomId, int seconds);

    /// <summary>Mediators: gives a room's running countdown <paramref name="seconds"/> more.</summary>
    Task ExtendTimer(string roomId, int seconds);

    /// <summary>Mediators: cancels a room's running countdown.</summary>
    Task CancelTimer(string roomId);

    /// <summary>The countdowns the caller may see: every room's for a mediator, their own room's for anyone else.</summary>
    Task<IReadOnlyList<RoomTimerDto>> GetTimers();

    /// <summary>Mediators: moves every unlocked person to the joint room; says who moved and who stayed (locked).</summary>
    Task<EveryoneBackDto> EveryoneBack();

    /// <summary>Mediators: answers a pending ask with a short text, said in the asker's private room; the ask leaves the queue.</summary>
    Task<SendAck> AnswerAsk(string participantId, string text);
}

/// <summary>The toolkit's events.</summary>
public partial interface ISessionClient
{
    /// <summary>To the people located in the room and to the mediators: a room's countdown started, changed, was cancelled or reached zero.</summary>
    Task TimerChanged(RoomTimerDto timer);
}

/// <summary>What a message is beyond its words (<see cref="MessageDto.Kind"/>).</summary>
public static class MessageKinds
{
    /// <summary>Said once by a mediator in every room: "Announcement from the mediator".</summary>
    public const string Announcement = "Announcement";

    /// <summary>A mediator's answer to a party's ask, said in the asker's private room.</summary>
    public const string AskAnswer = "AskAnswer";
}

/// <summary>The states of a room's countdown (<see cref="RoomTimerDto.State"/>).</summary>
public static class TimerStates
{
    /// <summary>Counting down to its end.</summary>
    public const string Running = "Running";

    /// <summary>Reached zero: a notice, nobody moved.</summary>
    public const string Ended = "Ended";

    /// <summary>A mediator cancelled it.</summary>
    public const string Cancelled = "Cancelled";
}

/// <summary>A room's countdown. Clients count down from <paramref name="EndsAt"/>.</summary>
/// <param name="TimerId">This countdown.</param>
/// <param name="RoomId">The room it counts down for.</param>
/// <param name="State">"Running", "Ended" or "Cancelled".</param>
/// <param name="EndsAt">When it reaches (or reached) zero.</param>
public sealed record RoomTimerDto(string TimerId, string RoomId, string State, DateTimeOffset EndsAt);

/// <summary>One person named in a result.</summary>
public sealed record PersonRefDto(string ParticipantId, string DisplayName);

/// <summary>The result of "everyone back to the joint room".</summary>
/// <param name="Moved">Who was moved to the joint room (one audit entry each).</param>
/// <param name="Stayed">Who stayed where they are because they are locked in place.</param>
/// <param name="Summary">The sentence a screen shows, for example "Moved Alice and Bob to the joint room. Stayed (locked): Carol.".</param>
public sealed record EveryoneBackDto(IReadOnlyList<PersonRefDto> Moved, IReadOnlyList<PersonRefDto> Stayed, string Summary);

/// <summary>A pending ask for the mediator in the mediators' queue.</summary>
/// <param name="ParticipantId">Who asked.</param>
/// <param name="DisplayName">Their name.</param>
/// <param name="Side">Their side.</param>
/// <param name="RoomId">Where they are now.</param>
/// <param name="At">When they asked.</param>
public sealed record AskDto(string ParticipantId, string DisplayName, string? Side, string RoomId, DateTimeOffset At);
