using CaucusRooms.Domain;

namespace CaucusRooms.Server.Rooms;

/// <summary>The one place that names SignalR groups. Groups are a delivery list, not a permission: every call is checked anyway.</summary>
internal static class GroupNames
{
    public static string Room(RoomId room) => $"room:{room}";

    public static string Person(ParticipantId person) => $"person:{person}";

    public static string Mediators(SessionId session) => $"mediators:{session}";
}
