using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Xunit.Abstractions;

namespace CaucusRooms.Server.Tests.Fuzzing;

/// <summary>
/// Random hub calls from everyone who is not a mediator — a party, an advisor, a lobby person, and a
/// removed person (whose connects are refused) — with the official .NET client on real Kestrel. Every
/// call is answered in time with a shape docs/protocol.md documents, nothing crosses a side, and the
/// server and its heap stay healthy. The seed is printed; CAUCUS_FUZZ_SEED replays a run.
/// </summary>
public sealed class HubFuzzTests(FuzzServerFixture server, ITestOutputHelper output) : IClassFixture<FuzzServerFixture>
{
    private const int CallsPerWorker = 1_750;
    private const int Workers = 6;
    private const int FrameLimit = 32 * 1024;
    private static readonly TimeSpan AnswerBound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task TenThousandRandomHubCallsAreEachAnsweredAndLeakNothing()
    {
        var seed = FuzzSeed.Next();
        output.WriteLine(FuzzSeed.Describe(seed));
        DocumentedAnswers.AssertThePageWritesTheseShapes();

        await using var m = await Mediation.OpenAsync(server);
        await using var other = await Mediation.OpenAsync(server, HubServerFixture.OtherMediatorName, "Other matter");
        var (party, partyTab) = await m.JoinAsync("Pat", "Party", "Claimant", m.Joint);
        var advisor = await m.AdmitAsync("Ada Counsel", "Advisor", "Claimant", m.CaucusOf("Claimant"));
        var lobby = await m.InviteAsync("Lou", "Party", "Respondent");
        await lobby.AcceptAgreementAsync(m.SessionId);
        var (removed, removedTab) = await m.JoinAsync("Rex", "Party", "Respondent", m.Joint);
        await m.MediatorTab.Hub.Remove(removed.ParticipantId);
        await WaitUntilClosedAsync(removedTab.Connection);
        // The other side, in its own caucus, and a party of another session: they may read nothing the fuzzers write.
        var (watcher, watcherTab) = await m.JoinAsync("Wendy", "Party", "Respondent", m.CaucusOf("Respondent"));
        var (stranger, strangerTab) = await other.JoinAsync("Sam", "Party", "Claimant", other.Joint);
        var seeded = await m.MediatorTab.SendAsync(m.CaucusOf("Respondent"), "respondent private seed");

        string[] ids =
        [
            m.SessionId, m.Joint, m.CaucusOf("Claimant"), m.CaucusOf("Respondent"), m.MediatorsRoom, seeded.MessageId,
            party.ParticipantId, advisor.ParticipantId, lobby.ParticipantId, removed.ParticipantId, watcher.ParticipantId,
            other.SessionId, other.Joint, other.CaucusOf("Claimant"), other.CaucusOf("Respondent"), other.MediatorsRoom, stranger.ParticipantId,
        ];
        var fuzzers = new[] { (party, "party"), (party, "party"), (advisor, "advisor"), (advisor, "advisor"), (lobby, "lobby"), (lobby, "lobby") };
        var lobbyTabs = new ConcurrentBag<Tab>();
        var outcomes = new ConcurrentDictionary<string, int>();
        var failures = new ConcurrentQueue<string>();
        var removedAttempts = 0;
        var removedRefused = 0;
        var slowest = TimeSpan.Zero;
        var protocol = new JsonHubProtocol();

        var before = GC.GetTotalMemory(true);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(w => Task.Run(async () =>
        {
            var (person, role) = fuzzers[w];
            var generator = new HubCallGenerator(new Random(seed + w), ids);
            var tab = await OpenAsync(person, m.SessionId, role, lobbyTabs);
            for (var i = 0; i < CallsPerWorker && failures.Count < 20; i++)
            {
                if (w == 0 && i % 25 == 0)
                {
                    Interlocked.Increment(ref removedAttempts);
                    if (await ConnectIsRefusedAsync(removed, m.SessionId)) Interlocked.Increment(ref removedRefused);
                    else failures.Enqueue("a removed person connected");
                }
                var call = generator.Next();
                int frame;
                try
                {
                    frame = protocol.GetMessageBytes(new InvocationMessage("1234567890", call.Method, call.Arguments)).Length;
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.Text.Json.JsonException)
                {
                    Count(outcomes, "not writable by the client");
                    continue;
                }
                var closes = frame > FrameLimit + 16 || call.Depth >= 63;
                var mayClose = closes || frame > FrameLimit - 64;
                var started = Stopwatch.GetTimestamp();
                var outcome = await AnswerAsync(tab, call);
                var took = Stopwatch.GetElapsedTime(started);
                lock (outcomes) if (took > slowest) slowest = took;
                var what = $"{role} {call.Method}({call.Arguments.Length} args, frame {frame} B, depth {call.Depth})";
                if (outcome == "closed")
                {
                    if (!mayClose) failures.Enqueue($"{what}: closed the connection");
                    Count(outcomes, "connection closed by design (frame too large or too deep), reopened");
                    tab = await OpenAsync(person, m.SessionId, role, lobbyTabs);
                    continue;
                }
                if (closes) failures.Enqueue($"{what}: answered '{outcome}' where docs/protocol.md says the connection closes");
                if (outcome.StartsWith("undocumented", StringComparison.Ordinal) || outcome == "no answer") failures.Enqueue($"{what}: {outcome}");
                Count(outcomes, outcome);
            }
            await tab.DisposeAsync();
        })));
        clock.Stop();
        var after = GC.GetTotalMemory(true);

        var total = outcomes.Where(o => o.Key != "not writable by the client").Sum(o => o.Value);
        output.WriteLine($"{total} calls in {clock.Elapsed.TotalSeconds:F1} s, slowest answer {slowest.TotalMilliseconds:F0} ms; removed person: {removedAttempts} connects, {removedRefused} refused");
        foreach (var (outcome, count) in outcomes.OrderByDescending(o => o.Value)) output.WriteLine($"  {count,6}  {outcome}");
        output.WriteLine($"heap before {before / 1024 / 1024} MiB, after {after / 1024 / 1024} MiB");
        Assert.True(failures.IsEmpty, string.Join("\n", failures.Take(20)));
        Assert.True(total >= 10_000, $"only {total} calls");
        Assert.True(outcomes.Keys.Count(k => k.StartsWith("refused:", StringComparison.Ordinal)) >= 5, "the calls reached too few of the hub's own checks");
        Assert.True(removedAttempts > 0 && removedRefused == removedAttempts);
        Assert.True(after - before < 300L * 1024 * 1024, $"heap grew from {before} to {after} bytes");

        // The server stays up and serves as before.
        var ack = await m.MediatorTab.SendAsync(m.Joint, "still serving after the fuzz");
        await partyTab.WaitForMessageAsync("still serving after the fuzz");
        Assert.True(ack.Seq >= 1);
        using var health = await m.Mediator.Browser.GetAsync("/healthz").WaitAsync(AnswerBound);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        // Nothing crossed a side: the other side's tab, the lobby person's tabs and the other session's party got nothing of the fuzzers'.
        await watcherTab.BarrierAsync();
        await strangerTab.BarrierAsync();
        Assert.All(watcherTab.Messages, x => Assert.Equal(m.CaucusOf("Respondent"), x.RoomId));
        Assert.DoesNotContain(watcherTab.Messages, x => x.SenderId == party.ParticipantId || x.SenderId == advisor.ParticipantId);
        Assert.Empty(watcherTab.Signals);
        Assert.Empty(strangerTab.Messages);
        Assert.Empty(strangerTab.Signals);
        foreach (var tab in lobbyTabs)
        {
            Assert.Empty(tab.Messages);
            Assert.Empty(tab.Signals);
            Assert.Empty(tab.Rosters);
            Assert.All(tab.States, s => Assert.Equal("Lobby", s.Location));
        }
        var respondentHistory = await m.MediatorTab.Hub.GetHistory(m.CaucusOf("Respondent"), 0L);
        Assert.Equal([seeded.MessageId], respondentHistory.Select(x => x.MessageId));
        Assert.Empty(await other.MediatorTab.Hub.GetHistory(other.Joint, 0L));
        Assert.Empty(await other.MediatorTab.Hub.GetHistory(other.CaucusOf("Claimant"), 0L));
        Assert.Empty(await m.MediatorTab.Hub.GetHistory(m.MediatorsRoom, 0L));
    }

    /// <summary>One call, classified by the documented shape of its answer.</summary>
    private static async Task<string> AnswerAsync(Tab tab, FuzzCall call)
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Func<Exception?, Task> onClosed = _ => { closed.TrySetResult(); return Task.CompletedTask; };
        tab.Connection.Closed += onClosed;
        try
        {
            var invoke = tab.Connection.InvokeCoreAsync<object?>(call.Method, call.Arguments);
            try
            {
                await invoke.WaitAsync(AnswerBound);
                return "ok";
            }
            // The server's close message can fail the call before the client's state says Disconnected: that is a close, not an answer.
            catch (HubException e) when (tab.Connection.State == HubConnectionState.Connected
                && !e.Message.StartsWith("The server closed the connection", StringComparison.Ordinal))
            {
                return DocumentedAnswers.HubErrorShape(call.Method, e.Message, call.MethodExists) ?? $"undocumented: {e.Message[..Math.Min(e.Message.Length, 300)]}";
            }
            catch (TimeoutException)
            {
                return "no answer";
            }
            catch (Exception e)
            {
                if (await Task.WhenAny(closed.Task, Task.Delay(AnswerBound)) == closed.Task || tab.Connection.State != HubConnectionState.Connected) return "closed";
                return $"undocumented: {e.GetType().Name} {e.Message}";
            }
        }
        finally
        {
            tab.Connection.Closed -= onClosed;
        }
    }

    private static async Task<Tab> OpenAsync(Person person, string sessionId, string role, ConcurrentBag<Tab> lobbyTabs)
    {
        var tab = await person.OpenTabAsync(sessionId);
        if (role == "lobby") lobbyTabs.Add(tab);
        return tab;
    }

    private static async Task<bool> ConnectIsRefusedAsync(Person removed, string sessionId)
    {
        await using var connection = Tab.Build(removed.Browser.BaseAddress!, sessionId, removed.Cookies);
        try
        {
            await connection.StartAsync().WaitAsync(AnswerBound);
            return false;
        }
        catch (HttpRequestException e) when (e.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
        {
            return true;
        }
    }

    private static async Task WaitUntilClosedAsync(HubConnection connection)
    {
        var deadline = DateTime.UtcNow + AnswerBound;
        while (connection.State != HubConnectionState.Disconnected && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.Equal(HubConnectionState.Disconnected, connection.State);
    }

    private static void Count(ConcurrentDictionary<string, int> outcomes, string outcome) => outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
}
