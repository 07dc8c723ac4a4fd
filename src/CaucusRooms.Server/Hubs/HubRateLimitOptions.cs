using System.ComponentModel.DataAnnotations;

namespace CaucusRooms.Server.Hubs;

/// <summary>Per-connection limits of hub calls (<c>Hub:RateLimit:*</c>).</summary>
internal sealed class HubRateLimitOptions : ICallRate
{
    public const string Section = "Hub:RateLimit";

    /// <summary>Calls refilled per second.</summary>
    [Range(1, 10_000_000)]
    public int PermitsPerSecond { get; set; } = 20;

    /// <summary>Calls a connection may make in a burst.</summary>
    [Range(1, 10_000_000)]
    public int Burst { get; set; } = 60;
}
