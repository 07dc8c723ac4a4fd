using System.Globalization;
using CaucusRooms.Bench.Load;

namespace CaucusRooms.Bench.Reporting;

/// <summary>Turns a drained phase into its figures.</summary>
internal static class Figures
{
    private const double MiB = 1024 * 1024;

    public static PhaseResult Of(PhaseOutcome outcome, int connections, double latencyLimitMs)
    {
        var p = outcome.Phase;
        var seconds = outcome.Sending.TotalSeconds;
        var latency = new LatencyFigures(Round(p.Latency.PercentileMs(0.50)), Round(p.Latency.PercentileMs(0.95)), Round(p.Latency.PercentileMs(0.99)), Round(p.Latency.MaxMs));
        var offered = p.RatePerPerson * connections;
        var (b, a) = (outcome.Before, outcome.After);
        var methods = b is null || a is null ? null : a.Methods.ToDictionary(
            kv => kv.Key,
            kv =>
            {
                var was = b.Methods.GetValueOrDefault(kv.Key);
                var calls = kv.Value.Calls - (was?.Calls ?? 0);
                return new MethodFigure(calls, calls == 0 ? 0 : Round((kv.Value.TotalMs - (was?.TotalMs ?? 0)) / calls, 3), P99(kv.Value.Buckets, was?.Buckets));
            },
            StringComparer.Ordinal);
        var sentPerSecond = p.Sent / seconds;
        var within = p.Delivered > 0 && latency.P99Ms < latencyLimitMs && p.Failed == 0 && p.Skipped == 0 && sentPerSecond >= 0.95 * offered;
        return new PhaseResult(p.Name, p.RatePerPerson, connections, Round(offered), Round(seconds),
            p.Sent, p.Accepted, p.Refused, p.Failed, p.Skipped, p.Delivered, outcome.Missed,
            Round(sentPerSecond), Round(p.Delivered / seconds), latency,
            p.MovesAccepted, p.MovesRefused, p.MovesFailed,
            // Four digits: the CPU per delivery is divided from it (at 0.3 cores, two digits left it ±2 % apart).
            b is null || a is null ? null : Round((a.CpuMs - b.CpuMs) / 1000 / seconds, 4),
            a is null ? null : Round(a.WorkingSetBytes / MiB),
            a is null ? null : Round(a.ManagedHeapBytes / MiB),
            b is null || a is null || p.Delivered == 0 ? null : Round((a.AllocatedBytes - b.AllocatedBytes) / (double)p.Delivered),
            b is null || a is null ? null : Round(100 * (a.GcPauseMs - b.GcPauseMs) / 1000 / seconds, 1),
            b is null || a is null ? null : a.LockContentions - b.LockContentions,
            Round(outcome.ClientCpu.TotalSeconds / seconds, 2),
            methods, within);
    }

    /// <summary>The 99th percentile of the calls between two readings of a method's buckets; null when the server did not ship them.</summary>
    private static double? P99(IReadOnlyDictionary<int, long>? after, IReadOnlyDictionary<int, long>? before)
    {
        if (after is null) return null;
        var phase = after.ToDictionary(kv => kv.Key, kv => kv.Value - (before?.GetValueOrDefault(kv.Key) ?? 0));
        return Round(LatencyHistogram.PercentileMs(phase, 0.99), 3);
    }

    public static string Line(PhaseResult r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.Name,-14} offered {r.OfferedPerSecond,7:0}/s sent {r.SentPerSecond,7:0}/s delivered {r.DeliveredPerSecond,8:0}/s " +
        $"p50 {r.Latency.P50Ms,6:0.0} p95 {r.Latency.P95Ms,6:0.0} p99 {r.Latency.P99Ms,7:0.0} max {r.Latency.MaxMs,7:0.0} ms " +
        $"refused {r.Refused} failed {r.Failed} skipped {r.Skipped} missed {r.Missed} moves {r.MovesAccepted} " +
        $"server cpu {Cores(r.ServerCpuCores)} client cpu {r.ClientCpuCores:0.00} {(r.WithinLimit ? "ok" : "OVER")}");

    public static string Cores(double? cores) => cores is { } c ? c.ToString("0.00", CultureInfo.InvariantCulture) : "n/a";

    public static double Round(double value, int digits = 1) => Math.Round(value, digits);
}
