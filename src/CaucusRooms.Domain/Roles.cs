namespace CaucusRooms.Domain;

/// <summary>What a person is in a session.</summary>
public enum Role
{
    /// <summary>Runs the session; may read and write in every room; moves people.</summary>
    Mediator,

    /// <summary>Belongs to one side; sees the room they are in and their side's caucus.</summary>
    Party,

    /// <summary>Counsel or support person of one side; the same entitlements as that side's party.</summary>
    Advisor,
}

/// <summary>The kind of a room.</summary>
public enum RoomKind
{
    /// <summary>Everyone who is located there.</summary>
    Joint,

    /// <summary>One side and the mediators, private.</summary>
    Caucus,

    /// <summary>Mediators only.</summary>
    Mediators,
}
