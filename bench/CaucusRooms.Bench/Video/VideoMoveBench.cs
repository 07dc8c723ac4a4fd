using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CaucusRooms.Contracts;
using CaucusRooms.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;

namespace CaucusRooms.Bench.Video;

/// <summary>
/// <c>CaucusRooms.Bench video [moves] [PAGE.md] [--direct|--relay]</c>: the time from a mediator's move to the first
/// video frame decoded in the new room, in headless Chromium with fake cameras, over the real service in a child
/// process on 127.0.0.1 — with direct ICE, and with relay-only ICE through a real coturn on loopback (both by default).
/// Alice and the mediator go into Alice's private room and back, again and again; each move opens fresh peers, so
/// "first frame" is the first frame of a peer made after the move. Each of Alice's peers keeps a timeline (the
/// client's <c>window.caucusVideo.timelines()</c>): descriptions exchanged, ICE connected, DTLS connected, first
/// video packet, first decoded frame; a move's figures are those of the peer that decoded last.
/// </summary>
internal static partial class VideoMoveBench
{
    private const string Password = "video-bench-password";
    private const string Mediator = "video-bench";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>The steps of a negotiation, in order, as the client's timeline names them, with the name the tables use.</summary>
    private static readonly (string Step, string Name)[] Steps =
    [
        ("opened", "Peer opened (roster received)"),
        ("answered", "Offer → answer done (descriptions set)"),
        ("iceConnected", "ICE connected"),
        ("dtlsConnected", "DTLS connected"),
        ("firstPacket", "First video packet"),
        ("firstFrame", "First decoded frame"),
    ];

    public static async Task<int> RunAsync(int rounds, string? markdownPath, IReadOnlyList<IceMode> modes, TextWriter output)
    {
        rounds = Math.Clamp(rounds, 5, 50);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(10 * modes.Count));
        var runs = new List<ModeRun>();
        foreach (var mode in modes)
        {
            await output.WriteLineAsync($"== {mode} ==");
            runs.Add(await RunModeAsync(mode, rounds, output, cancel.Token));
        }
        var tables = Tables(runs);
        await output.WriteLineAsync(tables);
        if (markdownPath is not null) await WriteSectionAsync(markdownPath, tables, runs);
        return runs.All(r => r.Moves.Count == 2 * rounds) ? 0 : 1;
    }

    private static async Task<ModeRun> RunModeAsync(IceMode mode, int rounds, TextWriter output, CancellationToken ct)
    {
        await using var turn = mode == IceMode.Relay ? new TurnServer() : null;
        if (turn is not null) await turn.StartAsync();
        using var server = StartServer(turn, out var baseAddress);
        // Disposing a Process object leaves the process running: the service is ended with the mode, however it ends.
        using var endServer = new Ended(server);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"],
        });

        // The session, its invites and the mediator's own hub connection, through the public API.
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = baseAddress, Timeout = Patience };
        (await http.PostAsJsonAsync("/api/auth/login", new LoginRequest(Mediator, Password), ct)).EnsureSuccessStatusCode();
        var created = await (await http.PostAsJsonAsync("/api/sessions", new CreateSessionRequest("Video bench", ["Claimant", "Respondent"], null), ct))
            .Content.ReadFromJsonAsync<CreateSessionResponse>(ct) ?? throw new InvalidOperationException("no session");
        string Room(string kind, string? side = null) => created.Rooms.Single(r => r.Kind == kind && r.Side == side).RoomId;
        var alice = await InviteAsync(http, created.SessionId, "Alice", "Claimant", ct);
        var bob = await InviteAsync(http, created.SessionId, "Bob", "Respondent", ct);
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, $"/hubs/session?sessionId={created.SessionId}"), o => o.Cookies = cookies)
            .Build();
        await hub.StartAsync(ct);
        var me = (await hub.InvokeAsync<MyStateDto>(nameof(ISessionHub.GetState), ct)).ParticipantId;

        // Three browsers: the mediator's console, Alice and Bob, each joining video.
        var mediatorPage = await NewPageAsync(browser, baseAddress);
        await mediatorPage.GotoAsync("signin");
        await mediatorPage.GetByLabel("User name").FillAsync(Mediator);
        await mediatorPage.GetByLabel("Password").FillAsync(Password);
        await mediatorPage.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await mediatorPage.GetByRole(AriaRole.Heading, new() { Name = "My sessions" }).WaitForAsync();
        await mediatorPage.GotoAsync($"sessions/{created.SessionId}");
        var alicePage = await JoinAsync(browser, alice.InviteUrl, "Alice Archer");
        var bobPage = await JoinAsync(browser, bob.InviteUrl, "Bob Baker");
        await hub.InvokeAsync(nameof(ISessionHub.Admit), alice.ParticipantId, Room("Joint"), ct);
        await hub.InvokeAsync(nameof(ISessionHub.Admit), bob.ParticipantId, Room("Joint"), ct);
        await hub.InvokeAsync(nameof(ISessionHub.Move), me, Room("Joint"), ct);
        foreach (var page in new[] { mediatorPage, alicePage, bobPage })
            await page.GetByRole(AriaRole.Button, new() { Name = "Join video (camera and microphone)" }).ClickAsync();
        var joinedAt = WallClockMs();
        var joined = await DecodingFromAsync(alicePage, [me, bob.ParticipantId], 0, ct);
        await output.WriteLineAsync(FormattableString.Invariant($"joined video: Alice decodes both {joined.FirstFrame - joinedAt:0} ms after the last Join video click; peers restarted {joined.Restarts} time(s)"));
        await output.WriteLineAsync("Alice's peers closed while joining: " + await alicePage.EvaluateAsync<string>("() => JSON.stringify(window.caucusVideo.closedTimelines())"));

        var moves = new List<MoveSample>();
        for (var round = 0; round < rounds; round++)
        {
            var movedAt = WallClockMs();
            await hub.InvokeAsync(nameof(ISessionHub.Move), alice.ParticipantId, Room("Caucus", "Claimant"), ct);
            await hub.InvokeAsync(nameof(ISessionHub.Move), me, Room("Caucus", "Claimant"), ct);
            moves.Add(new MoveSample(IntoCaucus: true, movedAt, await DecodingFromAsync(alicePage, [me], movedAt, ct), await PeerWithAsync(mediatorPage, alice.ParticipantId)));

            movedAt = WallClockMs();
            await hub.InvokeAsync(nameof(ISessionHub.Move), alice.ParticipantId, Room("Joint"), ct);
            await hub.InvokeAsync(nameof(ISessionHub.Move), me, Room("Joint"), ct);
            moves.Add(new MoveSample(IntoCaucus: false, movedAt, await DecodingFromAsync(alicePage, [me, bob.ParticipantId], movedAt, ct), await PeerWithAsync(mediatorPage, alice.ParticipantId)));
            await output.WriteLineAsync(FormattableString.Invariant(
                $"round {round + 1}: into caucus {moves[^2].Since("firstFrame"):0} ms, back to joint {moves[^1].Since("firstFrame"):0} ms{Restarts(moves[^2])}{Restarts(moves[^1])}"));
            foreach (var move in moves.TakeLast(2)) await output.WriteLineAsync("  " + move.Describe());
        }

        // The relay run measures what it says: every selected candidate pair of Alice's is relay on both ends.
        var pairs = await alicePage.EvaluateAsync<string>("async () => JSON.stringify(await window.caucusVideo.selectedPairs())");
        await output.WriteLineAsync($"selected candidate pairs of Alice's peers: {pairs}");
        await output.WriteLineAsync("Alice's peers after the last move: " + await alicePage.EvaluateAsync<string>("() => JSON.stringify(window.caucusVideo.timelines())"));
        if (mode == IceMode.Relay && (pairs.Contains("host", StringComparison.Ordinal) || pairs.Contains("srflx", StringComparison.Ordinal) || !pairs.Contains("relay", StringComparison.Ordinal)))
            throw new InvalidOperationException($"relay-only run, but Alice's selected pairs are {pairs}");
        if (moves.Any(m => m.Restarts > 0) && turn is not null)
            foreach (var line in turn.Log.TakeLast(40)) await output.WriteLineAsync($"coturn: {line}");
        return new ModeRun(mode, moves);
    }

    private static string Restarts(MoveSample move) =>
        move.Restarts > 0 ? FormattableString.Invariant($" ({move.Restarts} peer restart(s) in a {(move.IntoCaucus ? "caucus" : "joint")} move)") : "";

    /// <summary>Milliseconds since the Unix epoch, fractional: the clock the pages' timelines use (the same machine).</summary>
    private static double WallClockMs() => (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;

    private static string Tables(List<ModeRun> runs)
    {
        var header = "| From the mediator's move to … | " + string.Join(" | ", runs.Select(r => $"{r.Mode} p50 (ms) | {r.Mode} p95 (ms)")) +
            (runs.Count == 2 ? " | p50 ratio | p95 ratio |" : " |");
        var rule = "| --- | " + string.Join(" | ", runs.Select(_ => "---: | ---:")) + (runs.Count == 2 ? " | ---: | ---: |" : " |");
        var milestones = Steps.Select(step =>
        {
            var cells = runs.Select(r => r.Moves.Select(m => m.Since(step.Step)).ToList()).ToList();
            var row = $"| {step.Name} | " + string.Join(" | ", cells.Select(c => FormattableString.Invariant($"{Percentile(c, 0.50):0} | {Percentile(c, 0.95):0}")));
            return row + (runs.Count == 2 ? FormattableString.Invariant($" | {Ratio(cells[1], cells[0], 0.50)} | {Ratio(cells[1], cells[0], 0.95)} |") : " |");
        });
        var phases = Steps.Zip(Steps.Skip(1)).Select(p =>
        {
            var cells = runs.Select(r => r.Moves.Select(m => m.Between(p.First.Step, p.Second.Step)).ToList()).ToList();
            return $"| {p.First.Name} → {p.Second.Name} | " + string.Join(" | ", cells.Select(c => FormattableString.Invariant($"{Percentile(c, 0.50):0} | {Percentile(c, 0.95):0}"))) + " |";
        });
        var byKind = runs.SelectMany(r => new[]
        {
            Row($"{r.Mode}: into a caucus (Alice and the mediator)", r.Moves.Where(m => m.IntoCaucus).Select(m => m.Since("firstFrame")).ToList(), r.Moves.Where(m => m.IntoCaucus)),
            Row($"{r.Mode}: back to the joint room (three people)", r.Moves.Where(m => !m.IntoCaucus).Select(m => m.Since("firstFrame")).ToList(), r.Moves.Where(m => !m.IntoCaucus)),
            Row($"{r.Mode}: all", r.Moves.Select(m => m.Since("firstFrame")).ToList(), r.Moves),
        });
        return string.Join('\n',
            [header, rule, .. milestones, "",
            "Where the time goes (each phase on its own, the peer that decoded last):", "",
            "| Phase | " + string.Join(" | ", runs.Select(r => $"{r.Mode} p50 (ms) | {r.Mode} p95 (ms)")) + " |",
            "| --- | " + string.Join(" | ", runs.Select(_ => "---: | ---:")) + " |",
            .. phases, "",
            "| Move → first decoded frame | Moves | p50 (ms) | p95 (ms) | max (ms) | peer restarts |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
            .. byKind]);
    }

    private static string Row(string name, List<double> values, IEnumerable<MoveSample> moves) =>
        FormattableString.Invariant($"| {name} | {values.Count} | {Percentile(values, 0.50):0} | {Percentile(values, 0.95):0} | {values.Max():0} | {moves.Sum(m => m.Restarts)} |");

    private static string Ratio(List<double> relay, List<double> direct, double q) =>
        FormattableString.Invariant($"{Percentile(relay, q) / Math.Max(1, Percentile(direct, q)):0.00}×");

    private static double Percentile(List<double> values, double q)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(q * sorted.Count) - 1)];
    }

    /// <summary>
    /// Waits until the page decodes video from exactly these people on peers opened after <paramref name="movedAt"/>,
    /// and returns the timeline of the peer that decoded last (its steps in wall-clock ms).
    /// </summary>
    private static async Task<Timeline> DecodingFromAsync(IPage page, IReadOnlyCollection<string> people, double movedAt, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + Patience;
        List<Timeline> timelines = [];
        while (DateTime.UtcNow < deadline)
        {
            ct.ThrowIfCancellationRequested();
            timelines = JsonSerializer.Deserialize<List<Timeline>>(
                await page.EvaluateAsync<string>("() => JSON.stringify(window.caucusVideo ? window.caucusVideo.timelines() : [])"), Web) ?? [];
            if (timelines.Count == people.Count && people.All(p => timelines.Any(t => t.Id == p && t.Opened >= movedAt && t.FirstFrame is not null)))
                return timelines.MaxBy(t => t.FirstFrame)!;
            await Task.Delay(20, ct);
        }
        var closed = await page.EvaluateAsync<string>("() => JSON.stringify(window.caucusVideo ? window.caucusVideo.closedTimelines() : [])");
        throw new TimeoutException($"no video from {string.Join(", ", people)} within {Patience.TotalSeconds} s: {JsonSerializer.Serialize(timelines)}; closed: {closed}");
    }

    /// <summary>The timeline of the page's peer with one person (the other end of Alice's negotiation), if it has one.</summary>
    private static async Task<Timeline?> PeerWithAsync(IPage page, string person) =>
        (JsonSerializer.Deserialize<List<Timeline>>(await page.EvaluateAsync<string>("() => JSON.stringify(window.caucusVideo.timelines())"), Web) ?? [])
        .FirstOrDefault(t => t.Id == person);

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    internal enum IceMode
    {
        Direct,
        Relay,
    }

    private sealed record ModeRun(IceMode Mode, List<MoveSample> Moves);

    /// <summary>
    /// One move: when the bench called Move, the timeline of the peer of Alice's that decoded last, and the mediator's
    /// peer with Alice (the other end of one of her negotiations: when its roster came, when it sent its description).
    /// </summary>
    private sealed record MoveSample(bool IntoCaucus, double MovedAt, Timeline Last, Timeline? Mediator)
    {
        public int Restarts => Last.Restarts;

        /// <summary>Milliseconds from the move to the step (NaN when the peer never reported it).</summary>
        public double Since(string step) => Last.At(step) is { } at ? at - MovedAt : double.NaN;

        public double Between(string from, string to) => Last.At(from) is { } a && Last.At(to) is { } b ? b - a : double.NaN;

        /// <summary>The steps of the peer that decoded last, in ms after the move.</summary>
        public string Describe() => (Last.Offering ? "Alice offers: " : "Alice answers: ") + string.Join(", ", Steps.Select(s => FormattableString.Invariant($"{s.Step} {Since(s.Step):0}")))
            + FormattableString.Invariant($", gathering {Last.GatheringMs} ms")
            + (Mediator is not { } m ? "" : m.Offering
                ? FormattableString.Invariant($"; the mediator's peer with Alice: opened {m.Opened - MovedAt:0}, offer sent {m.OfferSent - MovedAt:0}")
                : FormattableString.Invariant($"; the mediator's peer with Alice: opened {m.Opened - MovedAt:0}, offer received {m.OfferReceived - MovedAt:0}, answer sent {m.Answered - MovedAt:0}"));
    }

    /// <summary>A peer's timeline as the client keeps it (wall-clock ms per step).</summary>
    private sealed record Timeline(string Id, int Restarts, bool Offering, int? GatheringMs, double Opened, double? OfferSent, double? OfferReceived, double? Answered, double? IceConnected, double? DtlsConnected,
        double? Connected, double? FirstPacket, double? FirstFrame)
    {
        public double? At(string step) => step switch
        {
            "opened" => Opened,
            "answered" => Answered,
            "iceConnected" => IceConnected,
            "dtlsConnected" => DtlsConnected ?? Connected,
            "firstPacket" => FirstPacket,
            "firstFrame" => FirstFrame,
            _ => throw new ArgumentOutOfRangeException(nameof(step), step, "not a step of the timeline"),
        };
    }

    private static async Task<IPage> NewPageAsync(IBrowser browser, Uri baseAddress)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress.ToString() });
        context.SetDefaultTimeout((float)Patience.TotalMilliseconds);
        return await context.NewPageAsync();
    }

    private static async Task<IPage> JoinAsync(IBrowser browser, string inviteUrl, string typedName)
    {
        var page = await NewPageAsync(browser, new Uri(inviteUrl));
        await page.GotoAsync(inviteUrl);
        await page.GetByLabel("Type your full name to accept").FillAsync(typedName);
        await page.GetByRole(AriaRole.Button, new() { Name = "I accept the agreement" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Waiting to be admitted" }).WaitForAsync();
        return page;
    }

    private static async Task<InviteResponse> InviteAsync(HttpClient http, string sessionId, string name, string side, CancellationToken ct) =>
        await (await http.PostAsJsonAsync($"/api/sessions/{sessionId}/invites", new InviteRequest(name, "Party", side), ct))
            .Content.ReadFromJsonAsync<InviteResponse>(ct) ?? throw new InvalidOperationException("no invite");

    /// <summary>The service itself (CaucusRooms.Server.dll beside this program), Development, on a free port of 127.0.0.1; relay-only with a TURN server.</summary>
    /// <summary>Kills a child process (and its children) when disposed.</summary>
    private sealed class Ended(Process process) : IDisposable
    {
        public void Dispose()
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    private static Process StartServer(TurnServer? turn, out Uri baseAddress)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "CaucusRooms.Server.dll"), "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Bootstrap__Accounts__0__UserName"] = Mediator;
        start.Environment["Bootstrap__Accounts__0__Password"] = Password;
        start.Environment["Bootstrap__Accounts__0__Role"] = "Mediator";
        if (turn is not null)
        {
            start.Environment["Ice__TurnUrls__0"] = turn.Url;
            start.Environment["Ice__TurnSharedSecret"] = turn.SharedSecret;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("the service did not start");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline && process.StandardOutput.ReadLine() is { } line)
        {
            if (Listening().Match(line) is { Success: true } m)
            {
                baseAddress = new Uri(m.Groups[1].Value + "/");
                _ = process.StandardOutput.ReadToEndAsync();
                return process;
            }
        }
        process.Kill(entireProcessTree: true);
        throw new InvalidOperationException("the service never said where it listens");
    }

    private static async Task WriteSectionAsync(string path, string tables, List<ModeRun> runs)
    {
        const string Begin = "<!-- video-moves:begin -->";
        const string End = "<!-- video-moves:end -->";
        var aims = runs.Select(r =>
        {
            var all = r.Moves.Select(m => m.Since("firstFrame")).ToList();
            var (aim, limit) = r.Mode == IceMode.Relay ? ("p95 under 1,000 ms through the relay", 1000) : ("p95 under 1,500 ms on loopback", 1500);
            return FormattableString.Invariant($"{r.Mode}: aim {aim} — {(Percentile(all, 0.95) < limit ? "met" : "missed")} (p95 {Percentile(all, 0.95):0} ms over {all.Count} moves).");
        });
        var section = string.Join('\n',
            [Begin,
            "## Video: from a move to the first decoded frame in the new room",
            "",
            FormattableString.Invariant($"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on this machine ({Environment.ProcessorCount} cores; load average {LoadAverage()} when it ended), headless Chromium"),
            "with fake cameras, three browsers, the service in a child process on 127.0.0.1. Each move opens fresh peers; the time runs from",
            "the mediator's `Move` call to the steps of the peer of Alice's that decoded last (her page's `window.caucusVideo.timelines()`):",
            "descriptions exchanged, ICE connected (`iceConnectionState`), DTLS connected (the DTLS transport's `state`), first video packet",
            "and first decoded frame (`getStats()` inbound-rtp `packetsReceived` and `framesDecoded`, polled every 10 ms). *Direct* uses",
            "the default ICE policy (host candidates on loopback); *Relay* is relay-only ICE through a real coturn on 127.0.0.1 (UDP),",
            "started as the end-to-end tests start it (`tests/CaucusRooms.Testing/TurnServer.cs`); both in the same run, one after the other.",
            $"Command: `dotnet run -c Release --project bench/CaucusRooms.Bench -- video {runs[0].Moves.Count / 2} docs/benchmarks.md`",
            "",
            tables,
            "",
            .. aims,
            End]);
        var text = File.Exists(path) ? await File.ReadAllTextAsync(path) : "";
        var at = text.IndexOf(Begin, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        text = at >= 0 && end > at ? text[..at] + section + text[(end + End.Length)..] : text.TrimEnd() + "\n\n" + section + "\n";
        await File.WriteAllTextAsync(path, text);
    }

    /// <summary>The machine's 1, 5 and 15 minute load averages (Linux), to say how busy it was.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();
}
