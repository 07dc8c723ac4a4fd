using CaucusRooms.Contracts;

namespace CaucusRooms.Server.Admin;

/// <summary>The state of shared state: in-memory by default; the Redis mode reports connection and round trip.</summary>
internal interface IBackplaneProbe
{
    Task<BackplaneDto> ProbeAsync(CancellationToken ct = default);
}

internal sealed class InMemoryBackplaneProbe : IBackplaneProbe
{
    public Task<BackplaneDto> ProbeAsync(CancellationToken ct = default) => Task.FromResult(new BackplaneDto("in-memory", Connected: true, RoundTripMs: null));
}
