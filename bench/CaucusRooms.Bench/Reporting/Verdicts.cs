using System.Globalization;
using CaucusRooms.Bench.Hosting;

namespace CaucusRooms.Bench.Reporting;

/// <summary>The targets of issue 8, judged on this run's figures (reported, never asserted by tests).</summary>
internal static class Verdicts
{
    public const string Met = "met", Missed = "MISSED", NotMeasured = "not measured";

    public static IReadOnlyList<Verdict> Judge(IReadOnlyList<TargetResult> results)
    {
        var caucus = results.FirstOrDefault(r => r.Target == BenchRunner.Name(TargetKind.CaucusRooms));
        var baseline = results.FirstOrDefault(r => r.Target == BenchRunner.Name(TargetKind.Baseline));
        var verdicts = new List<Verdict>();

        const string saturationGoal = "In-memory saturation ≥ 0.9 × raw SignalR baseline";
        if (caucus?.Saturation is { } cs && baseline?.Saturation is { } bs)
        {
            var ratio = cs.SentPerSecond / bs.SentPerSecond;
            var note = caucus.SaturationBracketed && baseline.SaturationBracketed ? "" : " (a sweep ended before p99 crossed the limit: a lower bound)";
            verdicts.Add(new Verdict(saturationGoal,
                F($"{cs.SentPerSecond:0} vs {bs.SentPerSecond:0} sends/s ({cs.DeliveredPerSecond:0} vs {bs.DeliveredPerSecond:0} deliveries/s) = {ratio:0.00}×{note}"),
                ratio >= 0.9 ? Met : Missed + F($" by {(0.9 - ratio) / 0.9:P0}")));
        }
        else
        {
            verdicts.Add(new Verdict(saturationGoal, "a sweep step under the limit is missing for one of the two", NotMeasured));
        }

        const string scaleGoal = "2,000 connections at 1 msg/person/s, p99 < 100 ms";
        if (caucus?.Steady is { } st && st.Connections >= 2000 && Math.Abs(st.RatePerPerson - 1) < 1e-9)
        {
            verdicts.Add(new Verdict(scaleGoal, F($"p99 {st.Latency.P99Ms:0.0} ms (p50 {st.Latency.P50Ms:0.0}, max {st.Latency.MaxMs:0.0}) with {st.Connections} connections; baseline p99 {baseline?.Steady?.Latency.P99Ms:0.0} ms"),
                st.Latency.P99Ms < 100 ? Met : Missed + F($" by {st.Latency.P99Ms - 100:0} ms")));
        }
        else
        {
            verdicts.Add(new Verdict(scaleGoal, F($"this run used {caucus?.Connections ?? 0} connections at {caucus?.Steady?.RatePerPerson ?? 0}/s"), NotMeasured));
        }

        const string memoryGoal = "Memory per idle connection ≤ baseline + 20 KiB";
        if (caucus?.Idle is { } ci && baseline?.Idle is { } bi)
        {
            var heapOver = (ci.HeapBytesPerConnection - bi.HeapBytesPerConnection) / 1024;
            var wsOver = (ci.WorkingSetBytesPerConnection - bi.WorkingSetBytesPerConnection) / 1024;
            var worst = Math.Max(heapOver, wsOver);
            verdicts.Add(new Verdict(memoryGoal,
                F($"managed heap {ci.HeapBytesPerConnection / 1024:0.0} vs {bi.HeapBytesPerConnection / 1024:0.0} KiB (+{heapOver:0.0}); working set {ci.WorkingSetBytesPerConnection / 1024:0.0} vs {bi.WorkingSetBytesPerConnection / 1024:0.0} KiB (+{wsOver:0.0})"),
                worst <= 20 ? Met : Missed + F($" by {worst - 20:0.0} KiB")));
        }
        else
        {
            verdicts.Add(new Verdict(memoryGoal, "needs both servers' own figures (not available for --url)", NotMeasured));
        }

        const string redisGoal = "Two nodes on Redis ≥ 0.6 × single-node in-memory saturation";
        var redis = results.FirstOrDefault(r => r.Target == BenchRunner.Name(TargetKind.CaucusRoomsRedis));
        if (redis?.Saturation is { } rs && caucus?.Saturation is { } cs2)
        {
            var ratio = rs.SentPerSecond / cs2.SentPerSecond;
            verdicts.Add(new Verdict(redisGoal,
                F($"{rs.SentPerSecond:0} vs {cs2.SentPerSecond:0} sends/s ({rs.DeliveredPerSecond:0} vs {cs2.DeliveredPerSecond:0} deliveries/s) = {ratio:0.00}×{(redis.SaturationBracketed ? "" : " (a lower bound)")}"),
                ratio >= 0.6 ? Met : Missed + F($" by {(0.6 - ratio) / 0.6:P0}")));
        }
        else if (redis is { Error: null } && redis.Sweep.Count > 0 && caucus?.Saturation is { } cs3)
        {
            // Not even the sweep's first rate held: the pair's saturation lies below it.
            var first = redis.Sweep[0];
            var bound = first.OfferedPerSecond / cs3.SentPerSecond;
            verdicts.Add(new Verdict(redisGoal,
                F($"below {first.OfferedPerSecond:0} sends/s (the sweep's first rate, p99 {first.Latency.P99Ms:0} ms) vs {cs3.SentPerSecond:0} in memory: under {bound:0.00}×"),
                bound < 0.6 ? Missed + F($" by more than {(0.6 - bound) / 0.6:P0}") : NotMeasured));
        }
        else
        {
            verdicts.Add(new Verdict(redisGoal, redis is null ? "not run (add --redis on)" : $"no sweep step of the Redis pair held ({redis.Error ?? "p99 over the limit"})", NotMeasured));
        }
        return verdicts;
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
