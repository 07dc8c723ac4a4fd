namespace CaucusRooms.Contracts;

/// <summary>
/// Who would read a message (or a document) sent to one room now: the readers the server would fix for it, so a
/// composer can say "To: Avery, Blake and the mediator" without deciding anything itself.
/// </summary>
/// <param name="RoomId">The room.</param>
/// <param name="People">Its readers now, the receiver included.</param>
public sealed record RoomReadersDto(string RoomId, IReadOnlyList<ReaderDto> People);

/// <summary>One reader of a room now.</summary>
/// <param name="ParticipantId">The person.</param>
/// <param name="DisplayName">Their display name.</param>
/// <param name="Role">"Mediator", "Party" or "Advisor".</param>
public sealed record ReaderDto(string ParticipantId, string DisplayName, string Role);
