using System.Globalization;
using CaucusRooms.Bench.Hosting;

namespace CaucusRooms.Bench.Reporting;

/// <summary>The targets of issues 8 and 16, judged on this run's figures (reported, never asserted by tests).</summary>
internal static class Verdicts
{
    public const string Met = "met", Missed = "MISSED", NotMeasured = "not measured";

    public static IReadOnlyList<Verdict> Judge(IReadOnlyList<TargetResult> results)
    {
        var caucus = results.FirstOrDefault(r => r.Target == BenchRunner.Name(TargetKind.CaucusRooms));
        var baseline = results.FirstOrDefault(r => r.Target == BenchRunner.Name(TargetKind.Baseline));
        var verdicts = new List<Verdict>();

        var raw2 = results.FirstOrDefault(r => r.Target == BenchRunner.Name(TargetKind.BaselineRedis));
        var redis = results.FirstOrDefault(r => r.Target == BenchRunner.Name(TargetKind.CaucusRoomsRedis));
        verdicts.Add(SaturationRatio("In-memory saturation ≥ 0.95 × raw SignalR baseline", caucus, baseline, 0.95));
        verdicts.Add(SaturationRatio("Two nodes on Redis ≥ 0.8 × raw SignalR on two nodes with the Redis backplane", redis, raw2, 0.8));
        verdicts.Add(CpuRatio("Server CPU per delivery: in memory ≤ 1.3 × raw SignalR (steady)", caucus, baseline, 1.3));
        verdicts.Add(CpuRatio("Server CPU per delivery: 2 nodes on Redis ≤ 1.5 × in memory (steady)", redis, caucus, 1.5));
        verdicts.Add(Steady2000("2 nodes on Redis: 2,000 connections at 1 msg/person/s, p99 < 100 ms", redis, raw2));

        verdicts.Add(Steady2000("2,000 connections at 1 msg/person/s, p99 < 100 ms", caucus, baseline));

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

        verdicts.Add(SaturationRatio("Two nodes on Redis ≥ 0.6 × single-node in-memory saturation", redis, caucus, 0.6));
        return verdicts;
    }

    /// <summary><paramref name="target"/>'s saturation against <paramref name="reference"/>'s, both from this run.</summary>
    private static Verdict SaturationRatio(string goal, TargetResult? target, TargetResult? reference, double least)
    {
        if (target is { Saturation: null, Error: null, Sweep.Count: > 0 } && reference?.Saturation is { } known)
        {
            // Not even the sweep's first rate held: the saturation lies below it.
            var first = target.Sweep[0];
            var bound = first.OfferedPerSecond / known.SentPerSecond;
            return new Verdict(goal, F($"below {first.OfferedPerSecond:0} sends/s (the sweep's first rate, p99 {first.Latency.P99Ms:0} ms) vs {known.SentPerSecond:0}: under {bound:0.00}×"),
                bound < least ? Missed + F($" by more than {(least - bound) / least:P0}") : NotMeasured);
        }
        if (target?.Saturation is not { } t || reference?.Saturation is not { } r)
        {
            var missing = target is null || reference is null ? "not run (add --redis on)" : "a sweep step under the limit is missing for one of the two";
            return new Verdict(goal, missing, NotMeasured);
        }
        var ratio = t.SentPerSecond / r.SentPerSecond;
        var note = target.SaturationBracketed && reference.SaturationBracketed ? "" : " (a sweep ended before p99 crossed the limit: a bound)";
        return new Verdict(goal,
            F($"{t.SentPerSecond:0} vs {r.SentPerSecond:0} sends/s ({t.DeliveredPerSecond:0} vs {r.DeliveredPerSecond:0} deliveries/s) = {ratio:0.00}×{note}"),
            ratio >= least ? Met : Missed + F($" by {(least - ratio) / least:P0}"));
    }

    /// <summary>Server CPU per delivery in the steady phase, <paramref name="target"/> against <paramref name="reference"/>.</summary>
    private static Verdict CpuRatio(string goal, TargetResult? target, TargetResult? reference, double most)
    {
        if (CpuPerDelivery(target?.Steady) is not { } t || CpuPerDelivery(reference?.Steady) is not { } r)
            return new Verdict(goal, "needs both targets' steady phase and server figures", NotMeasured);
        var ratio = t / r;
        return new Verdict(goal, F($"{t:0.0} vs {r:0.0} µs per delivery = {ratio:0.00}×"), ratio <= most ? Met : Missed + F($" by {(ratio - most) / most:P0}"));
    }

    /// <summary>Server CPU µs per delivery of a phase (all nodes added up), if the server's figures were read.</summary>
    public static double? CpuPerDelivery(PhaseResult? p) =>
        p is { ServerCpuCores: { } c, DeliveredPerSecond: > 0 } ? c * 1e6 / p.DeliveredPerSecond : null;

    private static Verdict Steady2000(string goal, TargetResult? target, TargetResult? reference)
    {
        if (target?.Steady is not { } st || st.Connections < 2000 || Math.Abs(st.RatePerPerson - 1) > 1e-9)
            return new Verdict(goal, F($"this run used {target?.Connections ?? 0} connections at {target?.Steady?.RatePerPerson ?? 0}/s"), NotMeasured);
        return new Verdict(goal,
            F($"p99 {st.Latency.P99Ms:0.0} ms (p50 {st.Latency.P50Ms:0.0}, max {st.Latency.MaxMs:0.0}) with {st.Connections} connections; its baseline p99 {reference?.Steady?.Latency.P99Ms:0.0} ms"),
            st.Latency.P99Ms < 100 ? Met : Missed + F($" by {st.Latency.P99Ms - 100:0} ms"));
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
