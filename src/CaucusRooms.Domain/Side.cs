namespace CaucusRooms.Domain;

/// <summary>One side of a mediation, named by the mediator (for example "Claimant").</summary>
/// <param name="Id">The side's id.</param>
/// <param name="Name">The name the mediator gave it.</param>
public sealed record Side(SideId Id, string Name);

/// <summary>One room of a session.</summary>
/// <param name="Id">The room's id.</param>
/// <param name="Kind">Joint, caucus or mediators' room.</param>
/// <param name="Side">The side whose caucus this is; null for the joint and mediators' rooms.</param>
public sealed record Room(RoomId Id, RoomKind Kind, SideId? Side);
