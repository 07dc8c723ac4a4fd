using System.ComponentModel.DataAnnotations;

namespace CaucusRooms.Server.Hubs;

/// <summary>
/// Limits per person of a session, whatever number of windows and devices they use (<c>Hub:PersonLimits:*</c>):
/// so an insider with many connections gets no more than one person's share.
/// </summary>
internal sealed class PersonLimitOptions : ICallRate
{
    public const string Section = "Hub:PersonLimits";

    /// <summary>Open hub connections per person and session; the next one is refused with a sentence.</summary>
    [Range(1, 100)]
    public int MaxConnections { get; set; } = 5;

    /// <summary>Sends, asks for the mediator and consent calls refilled per second, per person (on each node).</summary>
    [Range(1, 100_000)]
    public int PermitsPerSecond { get; set; } = 20;

    /// <summary>Such calls a person may make in a burst.</summary>
    [Range(1, 100_000)]
    public int Burst { get; set; } = 60;
}
