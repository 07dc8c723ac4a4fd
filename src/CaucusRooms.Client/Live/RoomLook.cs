using CaucusRooms.Contracts;

namespace CaucusRooms.Client.Live;

/// <summary>
/// How each kind of room looks and is announced. Joint and private rooms differ in every channel at
/// once (colour, icon, label, the sentence screen readers hear), so nobody mistakes one for the other.
/// </summary>
public static class RoomLook
{
    public static string CssClass(MyRoomDto room) => Kind(room) switch
    {
        "Joint" => "pane-joint",
        "Caucus" => "pane-private",
        _ => "pane-mediators",
    };

    /// <summary>Who reads this room, said in plain words.</summary>
    public static string Audience(MyRoomDto room) => Kind(room) switch
    {
        "Joint" => "Joint room: everyone in the joint room reads this.",
        "Caucus" => $"Private room: only {room.Side} and the mediator read this.",
        _ => "Mediators' room: only mediators read this.",
    };

    private static string Kind(MyRoomDto room)
    {
        ArgumentNullException.ThrowIfNull(room);
        return room.Kind;
    }
}
