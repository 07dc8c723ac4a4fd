using System.Collections.Concurrent;

namespace CaucusRooms.Server.Hubs;

/// <summary>
/// A token bucket of hub calls per key (a connection, a person): <see cref="ICallRate.Burst"/> calls at once, refilled at
/// <see cref="ICallRate.PermitsPerSecond"/>, worked out from the time since the key's last call (no timer per bucket, no
/// refill pass over every bucket). Buckets live in a concurrent dictionary and each has a lock of its own, so two keys
/// never wait for each other: the framework's partitioned limiter took one lock shared by every key of the node on every
/// call, and under load the hub's calls queued on it. A bucket left unused long enough to be full again is dropped by a
/// sweep every <see cref="SweepPeriod"/>; a key calling again afterwards starts full, as it would have been.
/// </summary>
internal sealed class TokenBuckets<TKey> : IDisposable where TKey : notnull
{
    /// <summary>How often buckets left unused are looked for, and how long one is unused at least before it is dropped.</summary>
    public static readonly TimeSpan SweepPeriod = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<TKey, Bucket> _buckets = new();
    private readonly TimeProvider _clock;
    private readonly double _burst;
    private readonly double _perTick;
    private readonly long _idleTicks;
    private readonly ITimer _sweep;

    public TokenBuckets(ICallRate rate, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(rate);
        ArgumentNullException.ThrowIfNull(clock);
        _clock = clock;
        _burst = rate.Burst;
        _perTick = (double)rate.PermitsPerSecond / clock.TimestampFrequency;
        // Unused for the sweep period, and long enough to have filled up from empty: dropping it loses nothing.
        var fillSeconds = Math.Max(SweepPeriod.TotalSeconds, (double)rate.Burst / rate.PermitsPerSecond);
        _idleTicks = (long)(fillSeconds * clock.TimestampFrequency);
        _sweep = clock.CreateTimer(static state => ((TokenBuckets<TKey>)state!).DropUnused(), this, SweepPeriod, SweepPeriod);
    }

    /// <summary>Buckets kept now (keys that called within about the sweep period).</summary>
    public int Count => _buckets.Count;

    /// <summary>Takes one call from <paramref name="key"/>'s bucket; false when it is empty (nothing is queued).</summary>
    public bool TryTake(TKey key)
    {
        while (true)
        {
            var bucket = _buckets.GetOrAdd(key, static (_, self) => new Bucket(self._burst, self._clock.GetTimestamp()), this);
            lock (bucket)
            {
                // Dropped (and removed) by the sweep between the lookup and the lock: look it up again (a new one starts full).
                if (bucket.Dropped) continue;
                // Read under the bucket's lock, so the time since its last call is never negative when calls of one key race.
                var now = _clock.GetTimestamp();
                var tokens = Math.Min(_burst, bucket.Tokens + (now - bucket.LastUsed) * _perTick);
                bucket.LastUsed = now;
                if (tokens < 1)
                {
                    bucket.Tokens = tokens;
                    return false;
                }
                bucket.Tokens = tokens - 1;
                return true;
            }
        }
    }

    public void Dispose() => _sweep.Dispose();

    private void DropUnused()
    {
        foreach (var (key, bucket) in _buckets)
        {
            lock (bucket)
            {
                if (_clock.GetTimestamp() - bucket.LastUsed < _idleTicks) continue;
                // Removed before it is marked, under its lock: a call that finds it marked finds it gone too (no spin).
                _buckets.TryRemove(new KeyValuePair<TKey, Bucket>(key, bucket));
                bucket.Dropped = true;
            }
        }
    }

    private sealed class Bucket(double tokens, long lastUsed)
    {
        public double Tokens { get; set; } = tokens;

        public long LastUsed { get; set; } = lastUsed;

        public bool Dropped { get; set; }
    }
}
