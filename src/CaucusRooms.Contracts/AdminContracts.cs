namespace CaucusRooms.Contracts;

/// <summary>
/// What an admin sees: counts, rates and latencies only. By design no field can carry a name,
/// a title, a participant id or message text (invariant 9); sessions appear as opaque ids.
/// </summary>
public sealed record AdminHealthDto(
    DateTimeOffset At,
    IReadOnlyList<NodeHealthDto> Nodes,
    int OpenConnections,
    int ActiveSessions,
    IReadOnlyList<RoomOccupancyDto> Rooms,
    IReadOnlyList<SessionHealthDto> Sessions,
    double MessagesPerMinute,
    LatencyDto DeliveryLatencyMs,
    long Reconnects,
    IReadOnlyList<RefusalCountDto> Refused,
    long SignalRelays,
    BackplaneDto Backplane,
    ProcessHealthDto Process,
    IReadOnlyList<HealthSampleDto> History);

/// <summary>One live server node and its own figures (the totals of <see cref="AdminHealthDto"/> are their sums).</summary>
/// <param name="Node">Host name and process id.</param>
/// <param name="Connections">Hub connections open on this node.</param>
/// <param name="StartedAt">When the node started.</param>
/// <param name="MessagesPerMinute">Messages this node delivered in the last minute.</param>
/// <param name="P95Ms">Delivery latency p95 on this node.</param>
/// <param name="CpuPercent">This node's CPU use.</param>
/// <param name="WorkingSetBytes">This node's memory.</param>
/// <param name="At">When these figures were taken (a node publishes them every 2 s).</param>
public sealed record NodeHealthDto(string Node, int Connections, DateTimeOffset StartedAt, double MessagesPerMinute, double P95Ms, double CpuPercent, long WorkingSetBytes, DateTimeOffset At);

/// <summary>Rooms of one kind in active sessions and how many people are located in them.</summary>
public sealed record RoomOccupancyDto(string Kind, int Rooms, int Occupants);

/// <summary>One active session, named only by an opaque id that cannot be turned back into its real id.</summary>
public sealed record SessionHealthDto(string OpaqueId, int Connections, int InRooms, int Waiting);

/// <summary>Delivery latency (server receive to sent to every recipient), in milliseconds.</summary>
public sealed record LatencyDto(double P50, double P95, double P99, int Samples);

/// <summary>Refused operations of one kind (a spike is a security signal).</summary>
public sealed record RefusalCountDto(string Operation, string Reason, long Count);

/// <summary>The shared-state backplane: "in-memory", or Redis with its state and round trip.</summary>
public sealed record BackplaneDto(string Mode, bool Connected, double? RoundTripMs);

/// <summary>This process's memory, CPU and garbage collections.</summary>
public sealed record ProcessHealthDto(long WorkingSetBytes, long ManagedHeapBytes, double CpuPercent, int Gen0Collections, int Gen1Collections, int Gen2Collections);

/// <summary>One point of the sparklines: sampled every few seconds over the last minutes.</summary>
public sealed record HealthSampleDto(DateTimeOffset At, double MessagesPerMinute, double P95Ms, int Connections, double CpuPercent);
