using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace CaucusRooms.Server.Infrastructure;

/// <summary>
/// The service's figures: instruments on the Meter named "CaucusRooms" (exported to Prometheus)
/// and the in-process tallies the admin view reads. Tags carry kinds and reasons only — never a
/// name, a title, a person's id or a word of a message (invariant 9).
/// </summary>
internal sealed class CaucusMetrics : IDisposable
{
    public const string MeterName = "CaucusRooms";
    private const int LatencyReservoir = 2048;

    private readonly Meter _meter;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _messages;
    private readonly Counter<long> _signals;
    private readonly Counter<long> _reconnects;
    private readonly Histogram<double> _latency;
    private readonly ConcurrentDictionary<(string Operation, string Reason), long> _refusedTally = new();
    private readonly MessageRate _rate;
    private readonly double[] _latencies = new double[LatencyReservoir];
    private long _latencyCount;
    private long _signalTally;
    private long _reconnectTally;

    public CaucusMetrics(IMeterFactory meters, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _rate = new MessageRate(clock);
        _meter = meters.Create(MeterName);
        _refused = _meter.CreateCounter<long>("caucus.operations.refused", description: "Operations refused, by operation and reason.");
        _messages = _meter.CreateCounter<long>("caucus.messages.sent", description: "Messages stored and delivered, by room kind.");
        _signals = _meter.CreateCounter<long>("caucus.signals.relayed", description: "WebRTC signaling messages relayed between two people in the same room.");
        _reconnects = _meter.CreateCounter<long>("caucus.connections.reconnects", description: "Hub connections of people who had been connected before.");
        _latency = _meter.CreateHistogram<double>("caucus.messages.delivery_latency", unit: "ms", description: "Server receive to sent to every recipient.");
    }

    public void Refused(string operation, string reason)
    {
        _refused.Add(1, new KeyValuePair<string, object?>("operation", operation), new KeyValuePair<string, object?>("reason", reason));
        _refusedTally.AddOrUpdate((operation, reason), 1, (_, n) => n + 1);
    }

    public void MessageSent(string roomKind, double deliveryMs)
    {
        _messages.Add(1, new KeyValuePair<string, object?>("room.kind", roomKind));
        _latency.Record(deliveryMs);
        _rate.Add();
        // No lock on the send path: each delivery claims its own slot of the reservoir.
        var slot = Interlocked.Increment(ref _latencyCount) - 1;
        Volatile.Write(ref _latencies[slot % LatencyReservoir], deliveryMs);
    }

    public void SignalRelayed()
    {
        _signals.Add(1);
        Interlocked.Increment(ref _signalTally);
    }

    public void Reconnected()
    {
        _reconnects.Add(1);
        Interlocked.Increment(ref _reconnectTally);
    }

    public IReadOnlyList<((string Operation, string Reason) Kind, long Count)> RefusedTally =>
        [.. _refusedTally.Select(kv => (kv.Key, kv.Value)).OrderByDescending(x => x.Value)];

    public long SignalRelays => Interlocked.Read(ref _signalTally);

    public long Reconnects => Interlocked.Read(ref _reconnectTally);

    public double MessagesPerMinute => _rate.PerMinute();

    /// <summary>p50, p95, p99 over the last deliveries (up to 2,048).</summary>
    public (double P50, double P95, double P99, int Samples) Latency()
    {
        var copy = _latencies[..(int)Math.Min(Interlocked.Read(ref _latencyCount), LatencyReservoir)];
        if (copy.Length == 0) return (0, 0, 0, 0);
        Array.Sort(copy);
        double At(double q) => copy[(int)Math.Min(copy.Length - 1, Math.Ceiling(q * copy.Length) - 1)];
        return (At(0.50), At(0.95), At(0.99), copy.Length);
    }

    public void Dispose() => _meter.Dispose();

    /// <summary>Messages in the last 60 one-second buckets, without a lock: each bucket is one long, its second above and its count below.</summary>
    private sealed class MessageRate(TimeProvider clock)
    {
        private const int CountBits = 32;
        private const long CountMask = (1L << CountBits) - 1;
        private readonly long[] _buckets = new long[60];

        public void Add()
        {
            var now = clock.GetUtcNow().ToUnixTimeSeconds();
            ref var bucket = ref _buckets[(int)(now % 60)];
            while (true)
            {
                var seen = Volatile.Read(ref bucket);
                var next = (seen >> CountBits) == now ? seen + 1 : (now << CountBits) | 1;
                if (Interlocked.CompareExchange(ref bucket, next, seen) == seen) return;
            }
        }

        public double PerMinute()
        {
            var now = clock.GetUtcNow().ToUnixTimeSeconds();
            return Enumerable.Range(0, _buckets.Length).Select(i => Volatile.Read(ref _buckets[i])).Where(b => now - (b >> CountBits) < 60).Sum(b => b & CountMask);
        }
    }
}
