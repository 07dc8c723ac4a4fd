using CaucusRooms.Bench.Hosting;
using CaucusRooms.Bench.Reporting;

namespace CaucusRooms.Bench;

/// <summary>
/// <c>CaucusRooms.Bench [options]</c> runs the benchmark (exit 0; 2 on a leak; 1 when it could not complete);
/// <c>CaucusRooms.Bench serve caucusrooms|baseline</c> is one server under test in a child process;
/// <c>CaucusRooms.Bench flood [--moves N] [--connections N] [--markdown PAGE.md]</c> times the mediator's moves while one party floods;
/// <c>CaucusRooms.Bench scale [--connections 500,1000,2000,4000] [--markdown PAGE.md]</c> charts memory and CPU per delivery against connections;
/// <c>CaucusRooms.Bench micro</c> times the steps CaucusRooms adds to a send and a move;
/// <c>CaucusRooms.Bench video [moves] [PAGE.md] [--direct|--relay]</c> times moves to the first decoded video frame in headless Chromium, direct and through coturn;
/// <c>CaucusRooms.Bench profile-summary TRACE.speedscope.json …</c> says where a profiled node's working time went (<c>bench/profile-pair.sh</c>);
/// <c>CaucusRooms.Bench alloc-summary TRACE.nettrace …</c> what it allocated and where (<c>bench/profile-pair.sh … allocations</c>);
/// <c>CaucusRooms.Bench render RUN.json PAGE.md</c> re-renders a page's results from a run's JSON.
/// </summary>
internal static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "serve") return await Serve.RunAsync(args[1..]);
        if (args.Length > 0 && args[0] == "chaos") return await Chaos.ChaosRun.MainAsync(args[1..], Console.Out);
        if (args.Length > 0 && args[0] == "flood") return await Load.FloodBench.RunAsync(args[1..], Console.Out);
        if (args.Length > 0 && args[0] == "scale") return await Load.ScaleBench.RunAsync(args[1..], Console.Out);
        if (args.Length > 0 && args[0] == "profile-summary") return await ProfileSummary.RunAsync(args[1..], Console.Out);
        if (args.Length > 0 && args[0] == "alloc-summary") return await AllocationSummary.RunAsync(args[1..], Console.Out);
        if (args.Length > 0 && args[0] == "micro") return await Micro.RunAsync(Console.Out);
        if (args.Length > 0 && args[0] == "video")
        {
            // video [moves] [PAGE.md] [--direct|--relay]: both ICE modes unless one is named.
            var positional = args[1..].Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
            IReadOnlyList<Video.VideoMoveBench.IceMode> modes = args.Contains("--direct") ? [Video.VideoMoveBench.IceMode.Direct]
                : args.Contains("--relay") ? [Video.VideoMoveBench.IceMode.Relay]
                : [Video.VideoMoveBench.IceMode.Direct, Video.VideoMoveBench.IceMode.Relay];
            return await Video.VideoMoveBench.RunAsync(positional.Count > 0 ? int.Parse(positional[0], System.Globalization.CultureInfo.InvariantCulture) : 10,
                positional.Count > 1 ? positional[1] : null, modes, Console.Out);
        }
        if (args is ["render", var runJson, var page])
        {
            // Re-renders the generated part of the markdown from a run's JSON (after a change to the layout).
            var run = await Report.ReadJsonAsync(runJson);
            await Report.WriteMarkdownAsync(run with { Verdicts = Verdicts.Judge(run.Targets) }, page);
            return 0;
        }
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException or UriFormatException)
        {
            await Console.Error.WriteLineAsync(e.Message);
            await Console.Error.WriteLineAsync(BenchOptions.Usage);
            return 64;
        }
        var report = await BenchRunner.RunAsync(options, Console.Out);
        Console.WriteLine();
        Console.WriteLine(Report.Table(report));
        if (options.JsonPath is { } json) await Report.WriteJsonAsync(report, json);
        if (options.MarkdownPath is { } markdown) await Report.WriteMarkdownAsync(report, markdown);
        if (report.Leaks > 0)
        {
            await Console.Error.WriteLineAsync($"FAIL: {report.Leaks} leak(s): a delivery or a history answer reached someone not entitled to its room when it was sent (see the cases above).");
            return 2;
        }
        return report.Completed ? 0 : 1;
    }
}
