using System.Diagnostics;
using CaucusRooms.Bench.Hosting;
using CaucusRooms.Bench.Load;
using CaucusRooms.Bench.Oracle;
using CaucusRooms.Bench.Reporting;

namespace CaucusRooms.Bench;

/// <summary>Runs the baseline and CaucusRooms one after the other with the same traffic, and judges the figures.</summary>
internal static class BenchRunner
{
    public static async Task<BenchReport> RunAsync(BenchOptions o, TextWriter output, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(output);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(o.MaxRun);
        // Thousands of client connections: start with enough pool threads that bursts do not wait for injection.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), Math.Max(io, 32));
        var loadBefore = LoadAverage();
        var origin = Stopwatch.GetTimestamp();
        var results = new List<TargetResult>();
        foreach (var kind in o.Targets)
        {
            await output.WriteLineAsync($"== {Name(kind)}: {o.Sessions} sessions, {o.Connections} connections ==");
            results.Add(await RunTargetAsync(kind, o, origin, output, deadline.Token));
        }
        var machine = new MachineInfo(Environment.ProcessorCount, Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024), 1),
            System.Runtime.InteropServices.RuntimeInformation.OSDescription, System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
            loadBefore, LoadAverage());
        var caucus = results.FirstOrDefault(r => r.Target == Name(TargetKind.CaucusRooms));
        var report = new BenchReport(DateTimeOffset.UtcNow, o.Quick ? "quick" : "full", Command(o), machine, o.LatencyLimitMs, o.MessageChars,
            o.MoveEvery.TotalSeconds, results, Verdicts.Judge(results), results.All(r => r.Completed) && results.Count == o.Targets.Count,
            caucus?.Leaks ?? 0);
        return report;
    }

    public static string Name(TargetKind kind) => kind == TargetKind.CaucusRooms ? "CaucusRooms" : "Baseline (raw SignalR)";

    private static async Task<TargetResult> RunTargetAsync(TargetKind kind, BenchOptions o, long origin, TextWriter output, CancellationToken ct)
    {
        var password = "Bench-" + Guid.NewGuid().ToString("N");
        var external = kind == TargetKind.CaucusRooms && o.Url is not null;
        await using var server = external ? ServerHandle.AtUrl(o.Url!) : await ServerHandle.StartAsync(kind, o.Host, password, ct);
        using ITargetDriver driver = kind == TargetKind.CaucusRooms
            ? new CaucusRoomsDriver(server.BaseAddress, external ? o.UserName! : BenchHosts.MediatorUserName, external ? o.Password! : password)
            : new BaselineDriver(server.BaseAddress);
        var sessions = Enumerable.Range(0, o.Sessions).Select(i => new BenchSession(i)).ToList();
        var traffic = new Traffic(driver, sessions, LogCapacity(o), o.MessageChars, o.MoveEvery, o.Seed, origin);
        double setup = 0, connect = 0;
        IdleMemory? idle = null;
        PhaseResult? steady = null;
        var sweep = new List<PhaseResult>();
        PhaseResult? saturation = null;
        var bracketed = false;
        string? error = null;
        try
        {
            var watch = Stopwatch.StartNew();
            await driver.PrepareAsync(sessions, ct);
            setup = watch.Elapsed.TotalSeconds;

            // One session first, so the connection path is warm before the "before" figure is read.
            watch.Restart();
            await traffic.ConnectAsync(sessions.Take(1), ct);
            await Task.Delay(o.Settle, ct);
            var before = await server.StatsAsync(collect: true, ct);
            await traffic.ConnectAsync(sessions.Skip(1), ct);
            connect = watch.Elapsed.TotalSeconds;
            await Task.Delay(o.Settle, ct);
            var after = await server.StatsAsync(collect: true, ct);
            if (before is not null && after is not null)
            {
                var added = traffic.Connections - Cast.People;
                idle = new IdleMemory(added, (after.ManagedHeapBytes - before.ManagedHeapBytes) / (double)added,
                    (after.WorkingSetBytes - before.WorkingSetBytes) / (double)added,
                    before.ManagedHeapBytes, after.ManagedHeapBytes, before.WorkingSetBytes, after.WorkingSetBytes);
            }
            await output.WriteLineAsync($"  setup {setup:0.0} s, {traffic.Connections} connections in {connect:0.0} s" +
                (idle is null ? "" : $", idle: {idle.HeapBytesPerConnection / 1024:0.0} KiB heap / {idle.WorkingSetBytesPerConnection / 1024:0.0} KiB working set per connection"));

            // A short warm-up (JIT, pools, GC sizing) that is not reported.
            await PhaseAsync("warm-up", o.Rate, o.WarmUp);
            steady = await PhaseAsync("steady", o.Rate, o.Steady);
            var rate = o.SweepStart;
            PhaseResult? failing = null;
            for (var step = 0; step < o.SweepSteps && !traffic.LogFull; step++)
            {
                var r = await PhaseAsync($"sweep {rate:0.##}/s", rate, o.SweepStep);
                sweep.Add(r);
                if (!r.WithinLimit && !o.Quick)
                {
                    // On a shared machine one step can be spoiled by someone else's burst: a rate fails only twice in a row.
                    r = await PhaseAsync($"sweep {rate:0.##}/s again", rate, o.SweepStep);
                    sweep.Add(r);
                }
                if (!r.WithinLimit)
                {
                    failing = r;
                    break;
                }
                saturation = r;
                rate *= o.SweepFactor;
            }
            if (failing is not null && saturation is not null && !traffic.LogFull)
            {
                // One bisection step between the last rate that held and the first that did not.
                var mid = (saturation.RatePerPerson + failing.RatePerPerson) / 2;
                var r = await PhaseAsync($"sweep {mid:0.##}/s", mid, o.SweepStep);
                sweep.Add(r);
                if (r.WithinLimit) saturation = r;
            }
            bracketed = failing is not null;
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException or TimeoutException or InvalidOperationException
            or System.Net.WebSockets.WebSocketException or Microsoft.AspNetCore.SignalR.HubException)
        {
            error = $"{e.GetType().Name}: {e.Message}";
            await output.WriteLineAsync($"  FAILED: {error}");
        }
        finally
        {
            await traffic.DisconnectAllAsync();
        }

        if (kind == TargetKind.CaucusRooms)
        {
            foreach (var leak in traffic.Oracle.Cases) await output.WriteLineAsync("  " + leak);
        }
        else if (traffic.Oracle.Leaks > 0)
        {
            // The raw hub checks nothing by design: it accepts sends the product refuses. Shown, never failed.
            await output.WriteLineAsync($"  (no checks by design) the oracle would have flagged {traffic.Oracle.Leaks} deliveries or sends");
        }
        return new TargetResult(Name(kind), server.Where, o.Sessions, traffic.Connections, setup, connect, idle, steady, sweep, saturation, bracketed,
            traffic.Oracle.Leaks, traffic.Oracle.Cases, traffic.Oracle.Checked, traffic.Oracle.Duplicates,
            error is null && steady is not null && steady.Delivered > 0, error);

        async Task<PhaseResult> PhaseAsync(string name, double ratePerPerson, TimeSpan duration)
        {
            await Task.Delay(TimeSpan.FromSeconds(o.Quick ? 0.2 : 1), ct);
            var outcome = await traffic.RunPhaseAsync(name, ratePerPerson, duration, () => server.StatsAsync(collect: false, ct), ct);
            var result = Figures.Of(outcome, traffic.Connections, o.LatencyLimitMs);
            await output.WriteLineAsync("  " + Figures.Line(result));
            return result;
        }
    }

    /// <summary>Room for every message the plan can send (bounded: the log's size bounds the run).</summary>
    private static int LogCapacity(BenchOptions o)
    {
        // Warm-up and steady, then every sweep step possibly twice (a retry) plus the bisection step.
        var perPerson = (o.Rate * (o.WarmUp + o.Steady).TotalSeconds)
            + (o.SweepStep.TotalSeconds * 2 * Enumerable.Range(0, o.SweepSteps + 1).Sum(k => o.SweepStart * Math.Pow(o.SweepFactor, k)));
        return (int)Math.Min(8_000_000, (perPerson * o.Connections * 1.2) + 10_000);
    }

    private static string Command(BenchOptions o) =>
        "dotnet run -c Release --project bench/CaucusRooms.Bench --" + string.Concat(o.Arguments.Select((a, i) =>
            " " + (i > 0 && o.Arguments[i - 1] == "--password" ? "…" : a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a)));

    private static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }
}
