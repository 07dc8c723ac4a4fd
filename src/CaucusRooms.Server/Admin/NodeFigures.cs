using CaucusRooms.Contracts;

namespace CaucusRooms.Server.Admin;

/// <summary>
/// One node's content-free figures, as it publishes them on its heartbeat for every other node's
/// admin view: counts, rates, latencies and process figures; sessions by opaque id only.
/// </summary>
internal sealed record NodeFigures(
    string NodeId,
    string Node,
    DateTimeOffset At,
    DateTimeOffset StartedAt,
    int Connections,
    double MessagesPerMinute,
    LatencyDto DeliveryLatencyMs,
    long Reconnects,
    long SignalRelays,
    IReadOnlyList<RefusalCountDto> Refused,
    ProcessHealthDto Process,
    IReadOnlyList<NodeSessionFigures> Sessions);

/// <summary>A session with connections on one node: its connections there, and its rooms (the same on every node).</summary>
internal sealed record NodeSessionFigures(string OpaqueId, int Connections, int InRooms, int Waiting, IReadOnlyList<RoomOccupancyDto> Rooms);
