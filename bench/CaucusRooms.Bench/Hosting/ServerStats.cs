using System.Collections.Concurrent;
using System.Diagnostics;
using CaucusRooms.Bench.Load;
using Microsoft.AspNetCore.SignalR;

namespace CaucusRooms.Bench.Hosting;

/// <summary>
/// Time spent inside one hub method, as the server saw it (from the call's arrival to its return), with the
/// calls' times in <see cref="LatencyHistogram"/> buckets (index → count), so a phase's percentiles can be had
/// from two readings.
/// </summary>
internal sealed record MethodTiming(long Calls, double TotalMs, double MaxMs, IReadOnlyDictionary<int, long>? Buckets = null)
{
    public double MeanMs => Calls == 0 ? 0 : TotalMs / Calls;
}

/// <summary>The server process's own figures, read in-process from the runtime's counters.</summary>
internal sealed record ServerStats(
    double CpuMs, long WorkingSetBytes, long ManagedHeapBytes, long AllocatedBytes, double GcPauseMs,
    int Gen0, int Gen1, int Gen2, long LockContentions, int Threads, long PendingWorkItems,
    IReadOnlyDictionary<string, MethodTiming> Methods)
{
    /// <summary>Reads the figures of this process; <paramref name="collect"/> first runs a full, compacting GC (for memory per connection).</summary>
    public static ServerStats Read(HubTimings timings, bool collect)
    {
        if (collect)
        {
            System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        }
        using var process = Process.GetCurrentProcess();
        return new ServerStats(
            process.TotalProcessorTime.TotalMilliseconds, process.WorkingSet64, GC.GetTotalMemory(false), GC.GetTotalAllocatedBytes(),
            GC.GetTotalPauseDuration().TotalMilliseconds, GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2),
            Monitor.LockContentionCount, ThreadPool.ThreadCount, ThreadPool.PendingWorkItemCount, timings.Snapshot());
    }
}

/// <summary>A hub filter that times every hub method call; the same for CaucusRooms and the baseline.</summary>
internal sealed class HubTimings : IHubFilter
{
    private readonly ConcurrentDictionary<string, Tally> _tallies = new(StringComparer.Ordinal);

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await next(invocationContext);
        }
        finally
        {
            _tallies.GetOrAdd(invocationContext.HubMethodName, _ => new Tally()).Add(Stopwatch.GetElapsedTime(started));
        }
    }

    public IReadOnlyDictionary<string, MethodTiming> Snapshot() =>
        _tallies.ToDictionary(kv => kv.Key, kv => kv.Value.Read(), StringComparer.Ordinal);

    private sealed class Tally
    {
        private readonly Lock _gate = new();
        private readonly LatencyHistogram _histogram = new();
        private long _calls;
        private double _total;
        private double _max;

        public void Add(TimeSpan time)
        {
            var ms = time.TotalMilliseconds;
            lock (_gate)
            {
                _calls++;
                _total += ms;
                _max = Math.Max(_max, ms);
                _histogram.Record(time);
            }
        }

        public MethodTiming Read()
        {
            lock (_gate) return new MethodTiming(_calls, _total, _max, _histogram.Buckets());
        }
    }
}
