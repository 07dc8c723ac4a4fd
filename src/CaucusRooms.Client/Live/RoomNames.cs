using CaucusRooms.Contracts;

namespace CaucusRooms.Client.Live;

/// <summary>What the mediator's screens call each room.</summary>
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
}
