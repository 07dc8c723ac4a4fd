using System.Threading.RateLimiting;

namespace CaucusRooms.Server.Hubs;

/// <summary>
/// The two settings of a token bucket of hub calls: calls refilled each second and the burst. The per-connection
/// limit (<see cref="HubRateLimitOptions"/>) and the per-person one (<see cref="PersonLimitOptions"/>) each have their
/// own section and bounds; they build their buckets alike.
/// </summary>
internal interface ICallRate
{
    int PermitsPerSecond { get; }

    int Burst { get; }
}

internal static class CallRate
{
    /// <summary>A bucket that refuses at once when empty (no queue) and refills every second on its own.</summary>
    public static TokenBucketRateLimiterOptions Bucket(this ICallRate rate) => new()
    {
        TokenLimit = rate.Burst,
        TokensPerPeriod = rate.PermitsPerSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    /// <summary>
    /// A bucket per key (a connection, a person), all refilled by the limiter's one timer (a limiter per key would run a
    /// timer of its own for each); a bucket left full and unused for a while is dropped.
    /// </summary>
    public static PartitionedRateLimiter<TKey> BucketPer<TKey>(this ICallRate rate) where TKey : notnull
    {
        // The limiter asks for the key's partition on every call: one factory for every key, so asking allocates nothing
        // (GetTokenBucketLimiter wrapped two new closures each time). Without a timer of its own, as GetTokenBucketLimiter
        // makes it: the partitioned limiter refills its buckets.
        var bucket = rate.Bucket();
        bucket.AutoReplenishment = false;
        Func<TKey, RateLimiter> factory = _ => new TokenBucketRateLimiter(bucket);
        return PartitionedRateLimiter.Create<TKey, TKey>(key => RateLimitPartition.Get(key, factory));
    }
}
