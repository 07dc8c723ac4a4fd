namespace CaucusRooms.Domain;

/// <summary>Where a person is.</summary>
public enum LocationKind
{
    /// <summary>Their own isolated lobby slot: invited, not yet admitted. Sees no one.</summary>
    Lobby,

    /// <summary>Located in one room of the session.</summary>
    Room,

    /// <summary>Removed by a mediator, or the session was closed. Entitled to nothing.</summary>
    Gone,
}

/// <summary>A person's one location: their lobby slot, one room, or gone.</summary>
/// <param name="Kind">Lobby, room, or gone.</param>
/// <param name="Room">The room when <paramref name="Kind"/> is <see cref="LocationKind.Room"/>.</param>
public readonly record struct Location(LocationKind Kind, RoomId? Room)
{
    /// <summary>The person's own lobby slot.</summary>
    public static Location Lobby { get; } = new(LocationKind.Lobby, null);

    /// <summary>Removed or closed: nowhere.</summary>
    public static Location Gone { get; } = new(LocationKind.Gone, null);

    /// <summary>Located in <paramref name="room"/>.</summary>
    public static Location In(RoomId room) => new(LocationKind.Room, room);

    /// <summary>True when located in <paramref name="room"/>.</summary>
    public bool IsIn(RoomId room) => Kind == LocationKind.Room && Room == room;

    /// <inheritdoc />
    public override string ToString() => Kind == LocationKind.Room ? $"Room {Room}" : Kind.ToString();
}
