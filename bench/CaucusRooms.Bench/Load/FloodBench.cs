using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using CaucusRooms.Bench.Hosting;
using CaucusRooms.Contracts;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace CaucusRooms.Bench.Load;

/// <summary>
/// <c>CaucusRooms.Bench flood [--moves N] [--connections N] [--markdown PAGE.md]</c>: the mediator's <c>Move</c> latency while
/// one party floods. One CaucusRooms node (a child process, in memory, the service's own per-person limits); a session
/// with a mediator, the flooding party (Claimant) and another party (Respondent) whom the mediator moves between the
/// joint room and the Respondent's caucus. First the moves alone (the baseline), then the same number of moves while
/// the party opens <c>--connections</c> hub connections and sends to the joint room and asks for the mediator on every
/// connection the server accepted, as fast as it answers (several calls in flight each); the connections it refused
/// try again all the time. A figure, not a verdict: nothing here fails on a slow answer.
/// </summary>
internal static class FloodBench
{
    private const string Begin = "<!-- flood:begin -->";
    private const string End = "<!-- flood:end -->";
    private const int InFlightPerConnection = 8;
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    private sealed record Options(int Moves = 1_000, int Connections = 50, string? MarkdownPath = null);

    private sealed class FloodCounts
    {
        public long ConnectAttempts, ConnectsAccepted, ConnectsRefused, ConnectsFailed;
        public long Sends, SendsAccepted, Asks, AsksAccepted, RateLimited, OtherRefusals, Failed;
    }

    private sealed record Figures(double P50, double P99, double Max, int Count, int Refused);

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output)
    {
        Options options;
        try
        {
            options = Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 64;
        }
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        var ct = bound.Token;
        var password = Guid.NewGuid().ToString("N");
        var load = Chaos.ChaosReport.LoadAverage();
        await using var server = await ServerHandle.StartAsync(TargetKind.CaucusRooms, HostMode.Child, password, ct);
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = server.BaseAddress, Timeout = CallTimeout };
        var mediatorCookie = await CookieHttp.PostForCookieAsync(http, "/api/auth/login", new LoginRequest(BenchHosts.MediatorUserName, password), null, ct);
        CreateSessionResponse created;
        using (var response = await CookieHttp.PostAsync(http, "/api/sessions", new CreateSessionRequest("Flood", ["Claimant", "Respondent"], null), mediatorCookie, ct))
            created = (await response.Content.ReadFromJsonAsync<CreateSessionResponse>(ct))!;
        var joint = created.Rooms.Single(r => r.Kind == "Joint").RoomId;
        var respondentCaucus = created.Rooms.Single(r => r.Kind == "Caucus" && r.Side == "Respondent").RoomId;
        var (flooderId, flooderCookie) = await InviteAsync(http, created.SessionId, "Flooding party", "Claimant", mediatorCookie, ct);
        var (movedId, movedCookie) = await InviteAsync(http, created.SessionId, "Moved party", "Respondent", mediatorCookie, ct);
        var hubUrl = new Uri(server.BaseAddress, $"{HubPaths.Session}?sessionId={created.SessionId}");

        await using var mediator = Hubs.Build(hubUrl, mediatorCookie);
        await using var moved = Hubs.Build(hubUrl, movedCookie);
        await mediator.StartAsync(ct).WaitAsync(CallTimeout, ct);
        await moved.StartAsync(ct).WaitAsync(CallTimeout, ct);
        await mediator.InvokeAsync(nameof(ISessionHub.Admit), flooderId, joint, ct).WaitAsync(CallTimeout, ct);
        await mediator.InvokeAsync(nameof(ISessionHub.Admit), movedId, joint, ct).WaitAsync(CallTimeout, ct);
        await output.WriteLineAsync($"flood: one node ({server.Where}), {options.Moves} moves alone, then {options.Moves} moves while one party floods with {options.Connections} connections; load average {load}");

        // Warm-up (JIT, connection pools), not counted.
        var inJoint = true;
        await MovesAsync(mediator, movedId, joint, respondentCaucus, 50, () => inJoint = !inJoint, inJoint, ct);
        var baseline = await MovesAsync(mediator, movedId, joint, respondentCaucus, options.Moves, () => inJoint = !inJoint, inJoint, ct);
        await output.WriteLineAsync(Line("baseline", baseline));

        var counts = new FloodCounts();
        using var flood = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var open = new List<HubConnection>();
        var floodClock = Stopwatch.StartNew();
        var slots = Enumerable.Range(0, options.Connections).Select(i => Task.Run(() => SlotAsync(hubUrl, flooderCookie, joint, counts, open, flood.Token), CancellationToken.None)).ToList();
        // Let every slot try once and the accepted ones reach full rate before the moves are timed.
        await Task.Delay(2_000, ct);
        var firstRefusals = Interlocked.Read(ref counts.ConnectsRefused);
        var firstAccepted = Interlocked.Read(ref counts.ConnectsAccepted);
        var during = await MovesAsync(mediator, movedId, joint, respondentCaucus, options.Moves, () => inJoint = !inJoint, inJoint, ct);
        var floodSeconds = floodClock.Elapsed.TotalSeconds;
        await flood.CancelAsync();
        await Task.WhenAll(slots);
        await output.WriteLineAsync(Line("during the flood", during));
        lock (open)
            foreach (var c in open) _ = c.DisposeAsync().AsTask();

        var text = Markdown(options, server.Where, load, Chaos.ChaosReport.LoadAverage(), baseline, during, counts, firstAccepted, firstRefusals, floodSeconds);
        await output.WriteLineAsync(text);
        if (options.MarkdownPath is { } page) await WriteMarkdownAsync(text, page);
        return baseline.Count == options.Moves && during.Count == options.Moves ? 0 : 1;
    }

    private static Options Parse(IReadOnlyList<string> args)
    {
        var o = new Options();
        for (var i = 0; i < args.Count; i += 2)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            o = args[i] switch
            {
                "--moves" => o with { Moves = int.Parse(value, CultureInfo.InvariantCulture) },
                "--connections" => o with { Connections = int.Parse(value, CultureInfo.InvariantCulture) },
                "--markdown" => o with { MarkdownPath = value },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }
        return o;
    }

    /// <summary>The mediator moves the other party back and forth, one move at a time, each timed from call to answer.</summary>
    private static async Task<Figures> MovesAsync(HubConnection mediator, string person, string joint, string caucus, int moves, Func<bool> flip, bool inJoint, CancellationToken ct)
    {
        var times = new List<double>(moves);
        var refused = 0;
        for (var i = 0; i < moves; i++)
        {
            var to = inJoint ? caucus : joint;
            var started = Stopwatch.GetTimestamp();
            try
            {
                await mediator.InvokeAsync(nameof(ISessionHub.Move), person, to, ct).WaitAsync(CallTimeout, ct);
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                inJoint = flip();
            }
            catch (HubException)
            {
                refused++;
            }
        }
        times.Sort();
        return times.Count == 0
            ? new Figures(0, 0, 0, 0, refused)
            : new Figures(Quantile(times, 0.50), Quantile(times, 0.99), times[^1], times.Count, refused);
    }

    private static double Quantile(List<double> sorted, double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>One of the party's connections: connect (again and again while refused), then keep calls in flight until the flood ends.</summary>
    private static async Task SlotAsync(Uri hubUrl, string cookie, string joint, FloodCounts counts, List<HubConnection> open, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 100_000 && !ct.IsCancellationRequested; attempt++)
        {
            var connection = Hubs.Build(hubUrl, cookie);
            var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
            connection.Closed += e => { closed.TrySetResult(e); return Task.CompletedTask; };
            Interlocked.Increment(ref counts.ConnectAttempts);
            try
            {
                await connection.StartAsync(ct).WaitAsync(CallTimeout, ct);
                // A refused connection is closed by the server right after the handshake; an accepted one gets its state first.
                var state = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                using (connection.On<MyStateDto>(nameof(ISessionClient.StateChanged), _ => state.TrySetResult()))
                {
                    // The state may have come before the handler was on: ask for it, which a refused connection cannot answer.
                    var asked = connection.InvokeAsync<MyStateDto>(nameof(ISessionHub.GetState), ct);
                    var first = await Task.WhenAny(closed.Task, asked).WaitAsync(CallTimeout, ct);
                    if (first == closed.Task || asked.IsFaulted)
                    {
                        var reason = closed.Task.IsCompleted ? (await closed.Task)?.Message : asked.Exception?.GetBaseException().Message;
                        Interlocked.Increment(ref reason?.Contains("TooManyConnections", StringComparison.Ordinal) == true ? ref counts.ConnectsRefused : ref counts.ConnectsFailed);
                        await connection.DisposeAsync();
                        continue;
                    }
                }
            }
            catch (Exception e) when (e is HubException or HttpRequestException or InvalidOperationException or TimeoutException or IOException or System.Net.WebSockets.WebSocketException)
            {
                Interlocked.Increment(ref e.Message.Contains("TooManyConnections", StringComparison.Ordinal) ? ref counts.ConnectsRefused : ref counts.ConnectsFailed);
                await connection.DisposeAsync();
                continue;
            }
            catch (OperationCanceledException)
            {
                await connection.DisposeAsync();
                return;
            }
            Interlocked.Increment(ref counts.ConnectsAccepted);
            lock (open) open.Add(connection);
            await Task.WhenAll(Enumerable.Range(0, InFlightPerConnection).Select(lane => FloodAsync(connection, joint, lane, counts, ct)));
            return;
        }
    }

    private static async Task FloodAsync(HubConnection connection, string joint, int lane, FloodCounts counts, CancellationToken ct)
    {
        for (long i = 0; i < 10_000_000 && !ct.IsCancellationRequested && connection.State == HubConnectionState.Connected; i++)
        {
            var ask = i % 5 == 4;
            Interlocked.Increment(ref ask ? ref counts.Asks : ref counts.Sends);
            try
            {
                if (ask) await connection.InvokeAsync(nameof(ISessionHub.AskForMediator), ct).WaitAsync(CallTimeout, ct);
                else await connection.InvokeAsync<SendAck>(nameof(ISessionHub.SendMessage), joint, $"{connection.ConnectionId}-{lane}-{i}", "flood", ct).WaitAsync(CallTimeout, ct);
                Interlocked.Increment(ref ask ? ref counts.AsksAccepted : ref counts.SendsAccepted);
            }
            catch (HubException e) when (e.Message.Contains("RateLimited", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref counts.RateLimited);
            }
            catch (HubException)
            {
                Interlocked.Increment(ref counts.OtherRefusals);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException)
            {
                Interlocked.Increment(ref counts.Failed);
            }
        }
    }

    private static string Line(string name, Figures f) =>
        string.Create(CultureInfo.InvariantCulture, $"  {name}: {f.Count} moves, p50 {f.P50:F2} ms, p99 {f.P99:F2} ms, max {f.Max:F1} ms, refused {f.Refused}");

    private static string Markdown(Options o, string where, string loadBefore, string loadAfter, Figures baseline, Figures during, FloodCounts c,
        long firstAccepted, long firstRefusals, double floodSeconds)
    {
        var b = new StringBuilder();
        var i = CultureInfo.InvariantCulture;
        b.AppendLine(Begin);
        b.AppendLine("## Flood: the mediator's moves while one party floods");
        b.AppendLine();
        b.AppendLine(i, $"`dotnet run -c Release --project bench/CaucusRooms.Bench -- flood --moves {o.Moves} --connections {o.Connections} --markdown docs/benchmarks.md`");
        b.AppendLine();
        b.AppendLine(i, $"One CaucusRooms node ({where}, in memory) with the service's per-person limits (`Hub:PersonLimits`: 5 connections, 20 sends/asks/consent calls a second, burst 60; the bench raises only the per-connection limit). " +
            $"The mediator moves another party between the joint room and their caucus, one move at a time, each timed from call to answer: {o.Moves} moves alone (the baseline), " +
            $"then {o.Moves} moves while one party opens {o.Connections} connections at once and, on each connection the server accepts, sends to the joint room and asks for the mediator " +
            $"with {InFlightPerConnection} calls in flight; the refused connections try again without pause. The flood's connections, the mediator and the moved party run in the bench process. " +
            $"Load average before / after: {loadBefore} / {loadAfter} (2 cores, shared with other engineers' builds and tests).");
        b.AppendLine();
        b.AppendLine("| Move | p50 | p99 | max | moves (refused) |");
        b.AppendLine("| --- | ---: | ---: | ---: | ---: |");
        b.AppendLine(i, $"| alone (baseline) | {baseline.P50:F2} ms | {baseline.P99:F2} ms | {baseline.Max:F1} ms | {baseline.Count} ({baseline.Refused}) |");
        b.AppendLine(i, $"| during the flood | {during.P50:F2} ms | {during.P99:F2} ms | {during.Max:F1} ms | {during.Count} ({during.Refused}) |");
        b.AppendLine(i, $"| **ratio flood / baseline** | **{Ratio(during.P50, baseline.P50)}** | **{Ratio(during.P99, baseline.P99)}** | {Ratio(during.Max, baseline.Max)} | |");
        b.AppendLine();
        b.AppendLine("| The party's flood | Value |");
        b.AppendLine("| --- | ---: |");
        b.AppendLine(i, $"| Connections accepted / refused (`TooManyConnections`) in the first 2 s, of {o.Connections} opened at once | {firstAccepted} / {firstRefusals} |");
        b.AppendLine(i, $"| Connect attempts in all / accepted / refused `TooManyConnections` / failed otherwise ({floodSeconds:F1} s of flood) | {c.ConnectAttempts:N0} / {c.ConnectsAccepted:N0} / {c.ConnectsRefused:N0} / {c.ConnectsFailed:N0} |");
        b.AppendLine(i, $"| Sends attempted / accepted | {c.Sends:N0} / {c.SendsAccepted:N0} |");
        b.AppendLine(i, $"| Asks for the mediator attempted / accepted | {c.Asks:N0} / {c.AsksAccepted:N0} |");
        b.AppendLine(i, $"| Refused `RateLimited` / refused otherwise / failed | {c.RateLimited:N0} / {c.OtherRefusals:N0} / {c.Failed:N0} |");
        b.AppendLine(End);
        return b.ToString();
    }

    private static string Ratio(double a, double b) => b > 0 ? (a / b).ToString("F1", CultureInfo.InvariantCulture) + "×" : "—";

    private static async Task WriteMarkdownAsync(string section, string page)
    {
        var existing = File.Exists(page) ? await File.ReadAllTextAsync(page) : "";
        var start = existing.IndexOf(Begin, StringComparison.Ordinal);
        var end = existing.IndexOf(End, StringComparison.Ordinal);
        var updated = start >= 0 && end > start
            ? existing[..start] + section.TrimEnd() + existing[(end + End.Length)..]
            : existing.TrimEnd() + Environment.NewLine + Environment.NewLine + section;
        await File.WriteAllTextAsync(page, updated);
    }

    private static async Task<(string ParticipantId, string Cookie)> InviteAsync(HttpClient http, string sessionId, string name, string side, string mediatorCookie, CancellationToken ct)
    {
        InviteResponse invite;
        using (var response = await CookieHttp.PostAsync(http, $"/api/sessions/{sessionId}/invites", new InviteRequest(name, "Party", side), mediatorCookie, ct))
            invite = (await response.Content.ReadFromJsonAsync<InviteResponse>(ct))!;
        var cookie = await CookieHttp.PostForCookieAsync(http, "/api/invites/redeem", new RedeemRequest(invite.Code), null, ct);
        using var _ = await CookieHttp.PostAsync(http, $"/api/sessions/{sessionId}/agreement/accept", new AcceptAgreementRequest(name), cookie, ct);
        return (invite.ParticipantId, cookie);
    }
}
