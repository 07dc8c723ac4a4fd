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

    /// <summary>
    /// A pane's heading: a private room and the mediators' room by their label; the joint room says
    /// "Everyone" only when every admitted person of the session is in it, otherwise who is there now.
    /// </summary>
    public static string Heading(MyRoomDto room, RoomPresence? here) => Kind(room) switch
    {
        "Joint" when here is { Everyone: true } => "Everyone",
        "Joint" when here is { People.Count: > 0 } => $"Joint room — here now: {here.Names}",
        "Joint" => "Joint room",
        _ => room.Label,
    };

    /// <summary>Who is in this room now, for the panes whose heading does not say it; null when there is nothing to say.</summary>
    public static string? HereNowLine(MyRoomDto room, RoomPresence? here, bool forMediator) => (Kind(room), forMediator) switch
    {
        ("Joint", _) => null,
        ("Caucus", false) when here is null => "You are not in this private room now; the mediator still reads what you write here.",
        ("Caucus", false) => here.MediatorIsHere ? "The mediator is with you here now." : "The mediator is not in this room now; they read what you write here.",
        (_, true) when here is { People.Count: > 0 } => $"Here now: {here.Names}",
        (_, true) => "Nobody is in this room now.",
        _ => null,
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
