using CaucusRooms.Contracts;

namespace CaucusRooms.Client.Live;

/// <summary>
/// A composer's "To:" line, from the readers the server says a message sent to the room now would get (the client
/// decides nothing about who they are, only how to say it). Parties and advisors by name; to a party the mediators
/// are "the mediator"; to a mediator a co-mediator is named.
/// </summary>
public static class ReadersLine
{
    /// <summary>"To: Avery, Blake and the mediator"; null when the server said nothing about this room.</summary>
    public static string? Of(RoomReadersDto? readers, string? myParticipantId)
    {
        if (readers is null) return null;
        var others = readers.People.Where(p => !string.Equals(p.ParticipantId, myParticipantId, StringComparison.Ordinal)).ToList();
        var iMediate = readers.People.Any(p => p.Role == "Mediator" && string.Equals(p.ParticipantId, myParticipantId, StringComparison.Ordinal));
        var names = others.Where(p => p.Role != "Mediator").Select(p => p.DisplayName).Order(StringComparer.CurrentCultureIgnoreCase).ToList();
        var mediators = others.Where(p => p.Role == "Mediator").Select(p => p.DisplayName).Order(StringComparer.CurrentCultureIgnoreCase).ToList();
        if (iMediate) names.AddRange(mediators.Select(m => $"{m} (mediator)"));
        else if (mediators.Count > 0) names.Add(mediators.Count == 1 ? "the mediator" : "the mediators");
        return names.Count switch
        {
            0 => "To: nobody else yet (only you read this now)",
            1 => $"To: {names[0]}",
            _ => $"To: {string.Join(", ", names[..^1])} and {names[^1]}",
        };
    }

    /// <summary>The readers of <paramref name="roomId"/> in the roster the server sent this person, if it says.</summary>
    public static RoomReadersDto? In(MediaRosterDto? roster, string roomId) =>
        roster?.Readers?.FirstOrDefault(r => string.Equals(r.RoomId, roomId, StringComparison.Ordinal));
}
