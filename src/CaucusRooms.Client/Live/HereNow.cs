using CaucusRooms.Contracts;

namespace CaucusRooms.Client.Live;

/// <summary>Someone located in a room now, as the screen names them.</summary>
public sealed record PresentPerson(string Name, bool IsMediator);

/// <summary>
/// Who is located in one room now, as far as this person may know it: a party learns it only for the room
/// they are in (the server's roster of their room); a mediator from the board. <see cref="Everyone"/> is true
/// when every admitted person of the session is there. People are listed the same way on every screen: parties and
/// advisors by name, then mediators by name.
/// </summary>
public sealed record RoomPresence(IReadOnlyList<PresentPerson> People, bool Everyone)
{
    /// <summary>A presence with its people in screen order.</summary>
    public static RoomPresence Of(IEnumerable<PresentPerson> people, bool everyone) =>
        new([.. people.OrderBy(p => p.IsMediator).ThenBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase)], everyone);

    /// <summary>"Avery, Morgan (mediator)".</summary>
    public string Names => string.Join(", ", People.Select(p => p.IsMediator ? $"{p.Name} (mediator)" : p.Name));

    public bool MediatorIsHere => People.Any(p => p.IsMediator);
}

/// <summary>Builds a room's presence from what the server told this person, and nothing else.</summary>
public static class HereNow
{
    /// <summary>The roster of the person's own room; null for any other room (nobody is told who is in a room they are not in).</summary>
    public static RoomPresence? FromRoster(MediaRosterDto? roster, string roomId) =>
        roster is { RoomId: { } id } && string.Equals(id, roomId, StringComparison.Ordinal)
            ? RoomPresence.Of(roster.People.Select(p => new PresentPerson(p.DisplayName, p.Role == "Mediator")), roster.EveryoneHere)
            : null;

    /// <summary>For mediators: who the board shows in the room; whether that is everyone is the service's word.</summary>
    public static RoomPresence FromBoard(SessionViewDto session, string roomId)
    {
        ArgumentNullException.ThrowIfNull(session);
        var here = session.People.Where(p => p.Location == "Room" && string.Equals(p.RoomId, roomId, StringComparison.Ordinal));
        var everyone = session.Rooms.Any(r => string.Equals(r.RoomId, roomId, StringComparison.Ordinal) && r.EveryoneHere);
        return RoomPresence.Of(here.Select(p => new PresentPerson(p.DisplayName, p.Role == "Mediator")), everyone);
    }
}
