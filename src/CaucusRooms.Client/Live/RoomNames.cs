using CaucusRooms.Contracts;

namespace CaucusRooms.Client.Live;

/// <summary>What the mediator's screens call each room and who may be placed where.</summary>
public static class RoomNames
{
    public static string Of(RoomDto room)
    {
        ArgumentNullException.ThrowIfNull(room);
        return room.Kind switch
        {
            "Joint" => "Joint room",
            "Caucus" => $"Private — {room.Side}",
            _ => "Mediators' room",
        };
    }

    /// <summary>The label the mediator's chat pane shows for a room (the same words the server gives parties).</summary>
    public static MyRoomDto AsPane(RoomDto room)
    {
        ArgumentNullException.ThrowIfNull(room);
        var label = room.Kind switch
        {
            "Joint" => "Everyone",
            "Caucus" => $"Private — {room.Side} and mediator",
            _ => "Mediators only",
        };
        return new MyRoomDto(room.RoomId, room.Kind, room.Side, label);
    }

    /// <summary>The rooms a person may be placed in: mediators anywhere; parties and advisors the joint room or their own side's private room.</summary>
    public static IEnumerable<RoomDto> PlacesFor(PersonDto person, IEnumerable<RoomDto> rooms)
    {
        ArgumentNullException.ThrowIfNull(person);
        return person.Role == "Mediator"
            ? rooms
            : rooms.Where(r => r.Kind == "Joint" || (r.Kind == "Caucus" && string.Equals(r.Side, person.Side, StringComparison.OrdinalIgnoreCase)));
    }
}
