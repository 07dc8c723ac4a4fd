using CaucusRooms.Contracts;
using CaucusRooms.Server.Admin;
using CaucusRooms.Server.Infrastructure;
using StackExchange.Redis;

namespace CaucusRooms.Server.Redis;

/// <summary>For the admin's health view: is Redis (state and backplane) reachable, and how fast.</summary>
internal sealed class RedisBackplaneProbe(IConnectionMultiplexer redis) : IBackplaneProbe
{
    public async Task<BackplaneDto> ProbeAsync(CancellationToken ct = default)
    {
        try
        {
            var latency = await redis.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(2), ct);
            return new BackplaneDto("redis", Connected: true, latency.TotalMilliseconds);
        }
        catch (Exception e) when (StoreOutage.IsOutage(e))
        {
            return new BackplaneDto("redis", Connected: false, RoundTripMs: null);
        }
    }
}
