using System.Globalization;
using CaucusRooms.Bench.Hosting;

namespace CaucusRooms.Bench;

/// <summary>What to run. Every count and duration has a bound, so the bench always stops by itself.</summary>
internal sealed record BenchOptions
{
    public bool Quick { get; init; }
    public HostMode Host { get; init; } = HostMode.Child;
    public Uri? Url { get; init; }
    public string? UserName { get; init; }
    public string? Password { get; init; }
    public int Sessions { get; init; } = 400;
    public double Rate { get; init; } = 1;
    public TimeSpan Steady { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(5);
    public double SweepStart { get; init; } = 1;
    public double SweepFactor { get; init; } = 1.5;
    public int SweepSteps { get; init; } = 8;
    public TimeSpan SweepStep { get; init; } = TimeSpan.FromSeconds(8);
    public TimeSpan MoveEvery { get; init; } = TimeSpan.FromSeconds(3);
    public int MessageChars { get; init; } = 140;
    public double LatencyLimitMs { get; init; } = 250;
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(3);
    public TimeSpan MaxRun { get; init; } = TimeSpan.FromMinutes(30);
    public IReadOnlyList<TargetKind> Targets { get; init; } = [TargetKind.Baseline, TargetKind.CaucusRooms];
    public string? JsonPath { get; init; }
    public string? MarkdownPath { get; init; }
    public int Seed { get; init; } = 8;
    public IReadOnlyList<string> Arguments { get; init; } = [];

    public int Connections => Sessions * Oracle.Cast.People;

    /// <summary>About 30 seconds: a few hundred connections, short phases, frequent moves.</summary>
    public static BenchOptions QuickDefaults => new()
    {
        Quick = true,
        Sessions = 60,
        Steady = TimeSpan.FromSeconds(5),
        WarmUp = TimeSpan.FromSeconds(1),
        SweepStart = 2,
        SweepSteps = 2,
        SweepStep = TimeSpan.FromSeconds(3),
        MoveEvery = TimeSpan.FromSeconds(1),
        Settle = TimeSpan.FromSeconds(1),
        MaxRun = TimeSpan.FromMinutes(3),
    };

    public const string Usage = """
        usage: CaucusRooms.Bench [--quick] [--host child|inprocess] [--url URL --user NAME --password PASSWORD]
                                 [--sessions N] [--rate MSGS_PER_PERSON_PER_S] [--steady-seconds S]
                                 [--sweep-start R] [--sweep-factor F] [--sweep-steps K] [--sweep-seconds S]
                                 [--move-every S] [--message-chars C] [--latency-limit-ms MS] [--max-minutes M]
                                 [--only caucusrooms|baseline] [--redis on|off] [--json PATH] [--markdown PATH] [--seed N]
               CaucusRooms.Bench serve caucusrooms|baseline      (the child-process side)
               CaucusRooms.Bench scale [--connections 500,1000,2000,4000] [--steady-seconds S] [--markdown PAGE.md]
               CaucusRooms.Bench micro                           (per-step costs of a send and a move)
               CaucusRooms.Bench render RUN.json PAGE.md         (re-render a page's results from a run's JSON)
        """;

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var o = args.Contains("--quick") ? QuickDefaults : new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--quick") continue;
            var value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            o = name switch
            {
                "--host" => o with { Host = value switch { "child" => HostMode.Child, "inprocess" => HostMode.InProcess, _ => throw new ArgumentException($"--host {value}?") } },
                "--url" => o with { Url = new Uri(value) },
                "--user" => o with { UserName = value },
                "--password" => o with { Password = value },
                "--sessions" => o with { Sessions = Positive(name, int.Parse(value, CultureInfo.InvariantCulture)) },
                "--rate" => o with { Rate = Positive(name, double.Parse(value, CultureInfo.InvariantCulture)) },
                "--steady-seconds" => o with { Steady = Seconds(name, value) },
                "--sweep-start" => o with { SweepStart = Positive(name, double.Parse(value, CultureInfo.InvariantCulture)) },
                "--sweep-factor" => o with { SweepFactor = Math.Max(1.05, double.Parse(value, CultureInfo.InvariantCulture)) },
                "--sweep-steps" => o with { SweepSteps = Math.Clamp(int.Parse(value, CultureInfo.InvariantCulture), 0, 20) },
                "--sweep-seconds" => o with { SweepStep = Seconds(name, value) },
                "--move-every" => o with { MoveEvery = Seconds(name, value) },
                "--message-chars" => o with { MessageChars = Math.Clamp(int.Parse(value, CultureInfo.InvariantCulture), 8, 4000) },
                "--latency-limit-ms" => o with { LatencyLimitMs = Positive(name, double.Parse(value, CultureInfo.InvariantCulture)) },
                "--max-minutes" => o with { MaxRun = TimeSpan.FromMinutes(Positive(name, double.Parse(value, CultureInfo.InvariantCulture))) },
                // Both two-node targets: the raw hub on the Redis backplane is the pair's fair baseline.
                "--redis" => o with { Targets = value switch { "on" => [.. o.Targets.Where(t => !IsRedis(t)), TargetKind.BaselineRedis, TargetKind.CaucusRoomsRedis], "off" => [.. o.Targets.Where(t => !IsRedis(t))], _ => throw new ArgumentException($"--redis {value}?") } },
                // One target alone (the profile script runs the Redis pair by itself).
                "--only" => o with { Targets = [OnlyTarget(value)] },
                "--json" => o with { JsonPath = value },
                "--markdown" => o with { MarkdownPath = value },
                "--seed" => o with { Seed = int.Parse(value, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown option {name}."),
            };
        }
        if (o.Url is not null && (o.UserName is null || o.Password is null)) throw new ArgumentException("--url needs --user and --password of a mediator account.");
        if (o.Sessions < 2) throw new ArgumentException("--sessions must be at least 2.");
        if (o.Targets.Any(IsRedis) && (o.Host != HostMode.Child || o.Url is not null))
            throw new ArgumentException("--redis on runs two child processes: not with --host inprocess or --url.");
        return o with { Arguments = [.. args] };
    }

    private static TargetKind OnlyTarget(string value) => value switch
    {
        "caucusrooms" => TargetKind.CaucusRooms,
        "baseline" => TargetKind.Baseline,
        "caucusrooms-redis" => TargetKind.CaucusRoomsRedis,
        "baseline-redis" => TargetKind.BaselineRedis,
        _ => throw new ArgumentException($"--only {value}?"),
    };

    private static bool IsRedis(TargetKind kind) => kind is TargetKind.CaucusRoomsRedis or TargetKind.BaselineRedis;

    private static T Positive<T>(string name, T value) where T : System.Numerics.INumber<T> =>
        value > T.Zero ? value : throw new ArgumentException($"{name} must be positive.");

    private static TimeSpan Seconds(string name, string value) =>
        TimeSpan.FromSeconds(Positive(name, double.Parse(value, CultureInfo.InvariantCulture)));
}
