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
    private readonly Lock _latencyGate = new();
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
        lock (_latencyGate) _latencies[_latencyCount++ % LatencyReservoir] = deliveryMs;
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
        double[] copy;
        lock (_latencyGate) copy = _latencies[..(int)Math.Min(_latencyCount, LatencyReservoir)];
        if (copy.Length == 0) return (0, 0, 0, 0);
        Array.Sort(copy);
        double At(double q) => copy[(int)Math.Min(copy.Length - 1, Math.Ceiling(q * copy.Length) - 1)];
        return (At(0.50), At(0.95), At(0.99), copy.Length);
    }

    public void Dispose() => _meter.Dispose();

    /// <summary>Messages in the last 60 one-second buckets.</summary>
    private sealed class MessageRate(TimeProvider clock)
    {
        private readonly long[] _buckets = new long[60];
        private readonly long[] _seconds = new long[60];
        private readonly Lock _gate = new();

        public void Add()
        {
            var now = clock.GetUtcNow().ToUnixTimeSeconds();
            lock (_gate)
            {
                var i = (int)(now % 60);
                if (_seconds[i] != now) (_seconds[i], _buckets[i]) = (now, 0);
                _buckets[i]++;
            }
        }

        public double PerMinute()
        {
            var now = clock.GetUtcNow().ToUnixTimeSeconds();
            lock (_gate) return Enumerable.Range(0, 60).Where(i => now - _seconds[i] < 60).Sum(i => _buckets[i]);
        }
    }
}
