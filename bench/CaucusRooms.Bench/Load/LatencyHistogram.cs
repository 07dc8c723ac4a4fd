using System.Numerics;

namespace CaucusRooms.Bench.Load;

/// <summary>
/// Delivery latencies in microseconds, log-linear buckets (64 per power of two, under 1.6 % error),
/// lock-free. Percentiles report the bucket's upper edge; the maximum is exact.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int Linear = 128;
    private const int PerOctave = 64;
    private readonly long[] _buckets = new long[Linear + (PerOctave * 40)];
    private long _count;
    private long _max;

    public long Count => Interlocked.Read(ref _count);

    public double MaxMs => Interlocked.Read(ref _max) / 1000.0;

    public void Record(TimeSpan latency)
    {
        var us = Math.Max(0, (long)latency.TotalMicroseconds);
        Interlocked.Increment(ref _buckets[Math.Min(Index(us), _buckets.Length - 1)]);
        Interlocked.Increment(ref _count);
        long max;
        while (us > (max = Interlocked.Read(ref _max)) && Interlocked.CompareExchange(ref _max, us, max) != max) { }
    }

    /// <summary>The latency at quantile <paramref name="q"/> (0…1), in milliseconds; 0 when empty.</summary>
    public double PercentileMs(double q)
    {
        var total = Count;
        if (total == 0) return 0;
        var rank = (long)Math.Ceiling(q * total);
        long seen = 0;
        for (var i = 0; i < _buckets.Length; i++)
        {
            seen += Interlocked.Read(ref _buckets[i]);
            if (seen >= rank) return Math.Min(Upper(i), Interlocked.Read(ref _max)) / 1000.0;
        }
        return MaxMs;
    }

    /// <summary>The non-empty buckets (index → count): what a server process ships, so that phases can be subtracted.</summary>
    public Dictionary<int, long> Buckets()
    {
        var buckets = new Dictionary<int, long>();
        for (var i = 0; i < _buckets.Length; i++)
        {
            var n = Interlocked.Read(ref _buckets[i]);
            if (n > 0) buckets[i] = n;
        }
        return buckets;
    }

    /// <summary>The quantile <paramref name="q"/> (0…1) of shipped buckets (see <see cref="Buckets"/>), in milliseconds (the bucket's upper edge); 0 when empty.</summary>
    public static double PercentileMs(IReadOnlyDictionary<int, long> buckets, double q)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        var total = buckets.Values.Sum();
        if (total == 0) return 0;
        var rank = (long)Math.Ceiling(q * total);
        long seen = 0;
        foreach (var (index, count) in buckets.OrderBy(kv => kv.Key))
        {
            seen += count;
            if (seen >= rank) return Upper(index) / 1000.0;
        }
        return Upper(buckets.Keys.Max()) / 1000.0;
    }

    internal static int Index(long us)
    {
        if (us < Linear) return (int)us;
        var shift = 63 - BitOperations.LeadingZeroCount((ulong)us) - 6;
        return Linear + ((shift - 1) * PerOctave) + (int)((us >> shift) - PerOctave);
    }

    internal static long Upper(int index)
    {
        if (index < Linear) return index + 1;
        var shift = ((index - Linear) / PerOctave) + 1;
        var mantissa = ((index - Linear) % PerOctave) + PerOctave;
        return (mantissa + 1) << shift;
    }
}
