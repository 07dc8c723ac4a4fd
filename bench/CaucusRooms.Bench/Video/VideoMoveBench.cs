using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CaucusRooms.Contracts;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;

namespace CaucusRooms.Bench.Video;

/// <summary>
/// <c>CaucusRooms.Bench video [moves] [PAGE.md]</c>: the time from a mediator's move to the first video
/// frame decoded in the new room, in headless Chromium with fake cameras, over the real service in a
/// child process on 127.0.0.1. Alice and the mediator go into Alice's private room and back, again and
/// again; each move opens fresh peers, so "first frame" is the first frame of a peer made after the move.
/// </summary>
internal static partial class VideoMoveBench
{
    private const string Password = "video-bench-password";
    private const string Mediator = "video-bench";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(int rounds, string? markdownPath, TextWriter output)
    {
        rounds = Math.Clamp(rounds, 5, 50);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        using var server = StartServer(out var baseAddress);
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
        (await http.PostAsJsonAsync("/api/auth/login", new LoginRequest(Mediator, Password), cancel.Token)).EnsureSuccessStatusCode();
        var created = await (await http.PostAsJsonAsync("/api/sessions", new CreateSessionRequest("Video bench", ["Claimant", "Respondent"], null), cancel.Token))
            .Content.ReadFromJsonAsync<CreateSessionResponse>(cancel.Token) ?? throw new InvalidOperationException("no session");
        string Room(string kind, string? side = null) => created.Rooms.Single(r => r.Kind == kind && r.Side == side).RoomId;
        var alice = await InviteAsync(http, created.SessionId, "Alice", "Claimant", cancel.Token);
        var bob = await InviteAsync(http, created.SessionId, "Bob", "Respondent", cancel.Token);
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, $"/hubs/session?sessionId={created.SessionId}"), o => o.Cookies = cookies)
            .Build();
        await hub.StartAsync(cancel.Token);
        var me = (await hub.InvokeAsync<MyStateDto>(nameof(ISessionHub.GetState), cancel.Token)).ParticipantId;

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
        await hub.InvokeAsync(nameof(ISessionHub.Admit), alice.ParticipantId, Room("Joint"), cancel.Token);
        await hub.InvokeAsync(nameof(ISessionHub.Admit), bob.ParticipantId, Room("Joint"), cancel.Token);
        await hub.InvokeAsync(nameof(ISessionHub.Move), me, Room("Joint"), cancel.Token);
        foreach (var page in new[] { mediatorPage, alicePage, bobPage })
            await page.GetByRole(AriaRole.Button, new() { Name = "Join video (camera and microphone)" }).ClickAsync();
        await DecodingFromAsync(alicePage, [me, bob.ParticipantId], cancel.Token);

        var intoCaucus = new List<double>();
        var backToJoint = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var clock = Stopwatch.StartNew();
            await hub.InvokeAsync(nameof(ISessionHub.Move), alice.ParticipantId, Room("Caucus", "Claimant"), cancel.Token);
            await hub.InvokeAsync(nameof(ISessionHub.Move), me, Room("Caucus", "Claimant"), cancel.Token);
            await DecodingFromAsync(alicePage, [me], cancel.Token);
            intoCaucus.Add(clock.Elapsed.TotalMilliseconds);

            clock.Restart();
            await hub.InvokeAsync(nameof(ISessionHub.Move), alice.ParticipantId, Room("Joint"), cancel.Token);
            await hub.InvokeAsync(nameof(ISessionHub.Move), me, Room("Joint"), cancel.Token);
            await DecodingFromAsync(alicePage, [me, bob.ParticipantId], cancel.Token);
            backToJoint.Add(clock.Elapsed.TotalMilliseconds);
            await output.WriteLineAsync(FormattableString.Invariant($"round {round + 1}: into caucus {intoCaucus[^1]:0} ms, back to joint {backToJoint[^1]:0} ms"));
        }

        var all = intoCaucus.Concat(backToJoint).ToList();
        var table = string.Join('\n',
            "| Moves | p50 (ms) | p95 (ms) | max (ms) |",
            "| --- | ---: | ---: | ---: |",
            Row($"Into a caucus (Alice and the mediator), {intoCaucus.Count} moves", intoCaucus),
            Row($"Back to the joint room (three people), {backToJoint.Count} moves", backToJoint),
            Row($"All {all.Count} moves", all));
        await output.WriteLineAsync(table);
        if (markdownPath is not null) await WriteSectionAsync(markdownPath, table, all);
        return 0;
    }

    private static string Row(string name, List<double> values) =>
        FormattableString.Invariant($"| {name} | {Percentile(values, 0.50):0} | {Percentile(values, 0.95):0} | {values.Max():0} |");

    private static double Percentile(List<double> values, double q)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(q * sorted.Count) - 1)];
    }

    /// <summary>Waits until the page decodes rising video from exactly these people (peers made after the move start at zero).</summary>
    private static async Task DecodingFromAsync(IPage page, IReadOnlyCollection<string> people, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            ct.ThrowIfCancellationRequested();
            var frames = JsonSerializer.Deserialize<Dictionary<string, double>>(
                await page.EvaluateAsync<string>("async () => JSON.stringify(window.caucusVideo ? await window.caucusVideo.framesDecoded() : {})")) ?? [];
            if (frames.Count == people.Count && people.All(p => frames.GetValueOrDefault(p) > 0)) return;
            await Task.Delay(20, ct);
        }
        throw new TimeoutException($"no video from {string.Join(", ", people)} within {Patience.TotalSeconds} s");
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

    /// <summary>The service itself (CaucusRooms.Server.dll beside this program), Development, on a free port of 127.0.0.1.</summary>
    private static Process StartServer(out Uri baseAddress)
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

    private static async Task WriteSectionAsync(string path, string table, List<double> all)
    {
        const string Begin = "<!-- video-moves:begin -->";
        const string End = "<!-- video-moves:end -->";
        var section = string.Join('\n', Begin,
            "## Video: from a move to the first decoded frame in the new room",
            "",
            $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on this machine ({Environment.ProcessorCount} cores), headless Chromium with fake cameras, three browsers,",
            "the service in a child process on 127.0.0.1. Each move opens fresh peers; the time runs from the mediator's `Move` call",
            "to the first video frame Alice's page decodes from everyone in her new room (`getStats()` inbound-rtp `framesDecoded`).",
            "Command: `dotnet run -c Release --project bench/CaucusRooms.Bench -- video 10 docs/benchmarks.md`",
            "",
            table,
            "",
            FormattableString.Invariant($"Aim: p95 under 1,500 ms on loopback — {(Percentile(all, 0.95) < 1500 ? "met" : "missed")} (p95 {Percentile(all, 0.95):0} ms)."),
            End);
        var text = File.Exists(path) ? await File.ReadAllTextAsync(path) : "";
        var at = text.IndexOf(Begin, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        text = at >= 0 && end > at ? text[..at] + section + text[(end + End.Length)..] : text.TrimEnd() + "\n\n" + section + "\n";
        await File.WriteAllTextAsync(path, text);
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();
}
