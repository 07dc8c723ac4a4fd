namespace CaucusRooms.Server.Hubs;

/// <summary>
/// The two settings of a token bucket of hub calls: calls refilled each second and the burst. The per-connection
/// limit (<see cref="HubRateLimitOptions"/>) and the per-person one (<see cref="PersonLimitOptions"/>) each have their
/// own section and bounds; both are kept as <see cref="TokenBuckets{TKey}"/>.
/// </summary>
internal interface ICallRate
{
    int PermitsPerSecond { get; }

    int Burst { get; }
}
