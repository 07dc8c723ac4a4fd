using System.Diagnostics;
using CaucusRooms.Bench.Hosting;
using CaucusRooms.Bench.Load;
using CaucusRooms.Bench.Oracle;
using CaucusRooms.Bench.Reporting;

namespace CaucusRooms.Bench;

/// <summary>
/// Runs the baseline and CaucusRooms with the same traffic and judges the figures. Both servers are up
/// for the whole run and the phases alternate (baseline, then CaucusRooms, at each rate), so on a shared
/// machine both meet the same background load rather than one getting a quiet minute and the other a busy one.
/// </summary>
internal static class BenchRunner
{
    public static async Task<BenchReport> RunAsync(BenchOptions o, TextWriter output, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(output);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(o.MaxRun);
        var ct = deadline.Token;
        // Thousands of client connections: start with enough pool threads that bursts do not wait for injection.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), Math.Max(io, 32));
        var loadBefore = LoadAverage();
        var origin = Stopwatch.GetTimestamp();
        var runs = o.Targets.Select(kind => new TargetRun(kind, o, origin, output)).ToList();
        try
        {
            foreach (var run in runs) await run.StartAsync(ct);
            await EachAsync(runs, r => r.PhaseAsync("warm-up", o.Rate, o.WarmUp, ct));
            await EachAsync(runs, async r => r.Steady = await r.PhaseAsync("steady", o.Rate, o.Steady, ct));
            var rate = o.SweepStart;
            for (var step = 0; step < o.SweepSteps && runs.Any(r => r.Sweeping); step++, rate *= o.SweepFactor)
                await EachAsync(runs.Where(r => r.Sweeping), r => r.SweepStepAsync(rate, ct));
            // Bisection between the last rate that held and the lowest that did not, until each saturation is known
            // within the precision (one step in quick mode).
            for (var round = 0; round < (o.Quick ? 1 : MaxBisections) && runs.Any(r => r.Bisecting); round++)
                await EachAsync(runs.Where(r => r.Bisecting), r => r.SweepStepAsync(r.NextBisection, ct, bisect: true));
        }
        finally
        {
            foreach (var run in runs) await run.DisposeAsync();
        }
        var results = runs.Select(r => r.Result()).ToList();
        var machine = new MachineInfo(Environment.ProcessorCount, Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024), 1),
            System.Runtime.InteropServices.RuntimeInformation.OSDescription, System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
            loadBefore, LoadAverage());
        return new BenchReport(DateTimeOffset.UtcNow, o.Quick ? "quick" : "full", Command(o), machine, o.LatencyLimitMs, o.MessageChars,
            o.MoveEvery.TotalSeconds, results, Verdicts.Judge(results), results.All(r => r.Completed) && results.Count == o.Targets.Count,
            results.Where(r => !r.Target.StartsWith(BaselinePrefix, StringComparison.Ordinal)).Sum(r => r.Leaks));
    }

    /// <summary>How close the last rate that held and the lowest that did not must come: the saturation is known within it.</summary>
    public const double SaturationPrecision = 0.05;

    /// <summary>Halving a sweep factor of 1.5 five times brings the bracket under 2 %.</summary>
    public const int MaxBisections = 5;

    /// <summary>Every raw SignalR target's name starts so (no checks by design: its oracle figures are shown, never failed).</summary>
    public const string BaselinePrefix = "Baseline";

    public static string Name(TargetKind kind) => kind switch
    {
        TargetKind.CaucusRooms => "CaucusRooms",
        TargetKind.CaucusRoomsRedis => "CaucusRooms, 2 nodes on Redis",
        TargetKind.BaselineRedis => BaselinePrefix + " (raw SignalR), 2 nodes on the Redis backplane",
        _ => BaselinePrefix + " (raw SignalR)",
    };

    /// <summary>The raw hub, on one node or two.</summary>
    public static bool IsBaseline(TargetKind kind) => kind is TargetKind.Baseline or TargetKind.BaselineRedis;

    /// <summary>The tag of a target's console lines.</summary>
    private static string Tag(TargetKind kind) => kind switch
    {
        TargetKind.CaucusRooms => "caucus  ",
        TargetKind.CaucusRoomsRedis => "redis   ",
        TargetKind.BaselineRedis => "raw+redis",
        _ => "baseline",
    };

    /// <summary>One step for each target still running, in order; a target that fails is reported and sits out the rest.</summary>
    private static async Task EachAsync(IEnumerable<TargetRun> runs, Func<TargetRun, Task> step)
    {
        foreach (var run in runs.ToList())
        {
            if (run.Error is not null) continue;
            await run.GuardAsync(() => step(run));
        }
    }

    /// <summary>Room for every message the plan can send (bounded: the log's size bounds the run).</summary>
    internal static int LogCapacity(BenchOptions o)
    {
        // Warm-up and steady, then every sweep step possibly twice (a retry) plus the bisection steps (each below the top rate).
        var top = o.SweepStart * Math.Pow(o.SweepFactor, o.SweepSteps);
        var perPerson = (o.Rate * (o.WarmUp + o.Steady).TotalSeconds)
            + (o.SweepStep.TotalSeconds * 2 * (Enumerable.Range(0, o.SweepSteps + 1).Sum(k => o.SweepStart * Math.Pow(o.SweepFactor, k)) + (MaxBisections * top)));
        return (int)Math.Min(8_000_000, (perPerson * o.Connections * 1.2) + 10_000);
    }

    private static string Command(BenchOptions o) =>
        "dotnet run -c Release --project bench/CaucusRooms.Bench --" + string.Concat(o.Arguments.Select((a, i) =>
            " " + (i > 0 && o.Arguments[i - 1] == "--password" ? "…" : a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a)));

    internal static string LoadAverage()
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

    /// <summary>One server under test, its people and its figures so far.</summary>
    private sealed class TargetRun(TargetKind kind, BenchOptions o, long origin, TextWriter output) : IAsyncDisposable
    {
        private readonly List<BenchSession> _sessions = [.. Enumerable.Range(0, o.Sessions).Select(i => new BenchSession(i))];
        private readonly List<PhaseResult> _sweep = [];
        private ServerHandle? _server;
        private ITargetDriver? _driver;
        private Traffic? _traffic;
        private double _setup, _connect;
        private IdleMemory? _idle;

        public string? Error { get; private set; }
        public PhaseResult? Steady { get; set; }
        public PhaseResult? Saturation { get; private set; }
        public PhaseResult? Failing { get; private set; }
        public bool Sweeping => Error is null && Failing is null && _traffic is { LogFull: false };

        /// <summary>The lowest rate that did not hold (the sweep's or a bisection's).</summary>
        private double? _over;

        /// <summary>Both ends of the bracket are known and still further apart than <see cref="SaturationPrecision"/>.</summary>
        public bool Bisecting => Error is null && _traffic is { LogFull: false } && Saturation is { } held && _over is { } over
            && (over - held.RatePerPerson) / held.RatePerPerson > SaturationPrecision;

        public double NextBisection => (Saturation!.RatePerPerson + _over!.Value) / 2;

        private string Name => BenchRunner.Name(kind);

        public async Task StartAsync(CancellationToken ct) => await GuardAsync(async () =>
        {
            await output.WriteLineAsync($"== {Name}: {o.Sessions} sessions, {o.Connections} connections ==");
            var password = "Bench-" + Guid.NewGuid().ToString("N");
            var external = kind == TargetKind.CaucusRooms && o.Url is not null;
            _server = external ? ServerHandle.AtUrl(o.Url!) : await ServerHandle.StartAsync(kind, o.Host, password, ct);
            _driver = IsBaseline(kind)
                ? new BaselineDriver(_server.Nodes)
                : new CaucusRoomsDriver(_server.BaseAddress, external ? o.UserName! : BenchHosts.MediatorUserName, external ? o.Password! : password, _server.Nodes);
            _traffic = new Traffic(_driver, _sessions, LogCapacity(o), o.MessageChars, o.MoveEvery, o.Seed, origin);

            var watch = Stopwatch.StartNew();
            await _driver.PrepareAsync(_sessions, ct);
            _setup = watch.Elapsed.TotalSeconds;
            // One session first, so the connection path is warm before the "before" figure is read.
            watch.Restart();
            await _traffic.ConnectAsync(_sessions.Take(1), ct);
            await Task.Delay(o.Settle, ct);
            var before = await _server.StatsAsync(collect: true, ct);
            await _traffic.ConnectAsync(_sessions.Skip(1), ct);
            _connect = watch.Elapsed.TotalSeconds;
            await Task.Delay(o.Settle, ct);
            var after = await _server.StatsAsync(collect: true, ct);
            if (before is not null && after is not null)
            {
                var added = _traffic.Connections - Cast.People;
                _idle = new IdleMemory(added, (after.ManagedHeapBytes - before.ManagedHeapBytes) / (double)added,
                    (after.WorkingSetBytes - before.WorkingSetBytes) / (double)added,
                    before.ManagedHeapBytes, after.ManagedHeapBytes, before.WorkingSetBytes, after.WorkingSetBytes);
            }
            await output.WriteLineAsync($"  setup {_setup:0.0} s, {_traffic.Connections} connections in {_connect:0.0} s" +
                (_idle is null ? "" : $", idle: {_idle.HeapBytesPerConnection / 1024:0.0} KiB heap / {_idle.WorkingSetBytesPerConnection / 1024:0.0} KiB working set per connection"));
        });

        public async Task<PhaseResult> PhaseAsync(string name, double ratePerPerson, TimeSpan duration, CancellationToken ct)
        {
            await Task.Delay(TimeSpan.FromSeconds(o.Quick ? 0.2 : 1), ct);
            var outcome = await _traffic!.RunPhaseAsync(name, ratePerPerson, duration, () => _server!.StatsAsync(collect: false, ct), ct);
            var result = Figures.Of(outcome, _traffic.Connections, o.LatencyLimitMs);
            // What the phase left behind, once it drained (outside its timed window).
            if (await _server!.StatsAsync(collect: true, ct) is { } left) result = result with { HeapAfterGcMiB = Figures.Round(left.ManagedHeapBytes / (1024.0 * 1024)) };
            await output.WriteLineAsync($"  {Tag(kind)} " + Figures.Line(result));
            return result;
        }

        public async Task SweepStepAsync(double rate, CancellationToken ct, bool bisect = false)
        {
            var r = await PhaseAsync($"sweep {rate:0.##}/s", rate, o.SweepStep, ct);
            _sweep.Add(r);
            if (!r.WithinLimit && !o.Quick)
            {
                // On a shared machine one step can be spoiled by someone else's burst: a rate fails only twice in a row.
                r = await PhaseAsync($"sweep {rate:0.##}/s again", rate, o.SweepStep, ct);
                _sweep.Add(r);
            }
            if (r.WithinLimit)
            {
                if (Saturation is null || rate > Saturation.RatePerPerson) Saturation = r;
            }
            else
            {
                _over = Math.Min(_over ?? rate, rate);
                if (!bisect) Failing = r;
            }
        }

        public async Task GuardAsync(Func<Task> step)
        {
            try
            {
                await step();
            }
            catch (Exception e) when (e is OperationCanceledException or HttpRequestException or TimeoutException or InvalidOperationException
                or System.Net.WebSockets.WebSocketException or Microsoft.AspNetCore.SignalR.HubException or IOException)
            {
                Error = $"{e.GetType().Name}: {e.Message}";
                await output.WriteLineAsync($"  {Name} FAILED: {Error}");
            }
        }

        public TargetResult Result()
        {
            var oracle = _traffic?.Oracle;
            return new TargetResult(Name, _server?.Where ?? "not started", o.Sessions, o.Connections, _setup, _connect, _idle, Steady, _sweep,
                Saturation, Failing is not null, oracle?.Leaks ?? 0, oracle?.Cases ?? [], oracle?.Checked ?? 0, oracle?.Duplicates ?? 0,
                Error is null && Steady is { Delivered: > 0 }, Error,
                _traffic is { HasHistory: true } t ? new HistoryFigures(t.Oracle.HistoryAnswers, t.Oracle.HistoryChecked, t.HistoryRefused, t.HistoryFailed) : null);
        }

        public async ValueTask DisposeAsync()
        {
            if (_traffic is not null)
            {
                await _traffic.DisconnectAllAsync();
                if (!IsBaseline(kind))
                {
                    foreach (var leak in _traffic.Oracle.Cases) await output.WriteLineAsync("  " + leak);
                }
                else if (_traffic.Oracle.Leaks > 0)
                {
                    // The raw hub checks nothing by design: it accepts sends the product refuses. Shown, never failed.
                    await output.WriteLineAsync($"  baseline (no checks by design): the oracle would have flagged {_traffic.Oracle.Leaks} deliveries or sends");
                }
            }
            _driver?.Dispose();
            if (_server is not null) await _server.DisposeAsync();
        }
    }
}
