using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using CaucusRooms.Bench.Load;
using CaucusRooms.Bench.Hosting;
using CaucusRooms.Bench.Oracle;
using CaucusRooms.Contracts;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace CaucusRooms.Bench.Chaos;

/// <summary>
/// What one chaos run does: how many sessions and operations (attempted: the run draws until that many were attempted,
/// at most twice as many draws), how many at once, the seed; how long Redis stalls and node 2 stays down.
/// </summary>
internal sealed record ChaosOptions(int Sessions = 20, int Operations = 100_000, int Workers = 24, int Seed = 0, string? MarkdownPath = null,
    double RedisPauseSeconds = 10, double NodeDownSeconds = 2)
{
    /// <summary>
    /// The quick version: the same three faults and the same operations, spread over more sessions and workers (a session's
    /// changes and sends take its lock in turn), with a Redis stall of 4 s, still longer than the nodes' 3 s Redis command
    /// timeout, so every Redis call meanwhile times out as in the full run's 10 s, and node 2 down for half a second before
    /// its restart (the restart itself, a process start, is most of its outage).
    /// </summary>
    public static ChaosOptions Quick => new(Sessions: 6, Operations: 2_000, Workers: 16, RedisPauseSeconds: 4, NodeDownSeconds: 0.5);

    /// <summary>
    /// A quick run ends within this: tens of seconds of traffic on an idle machine (the Redis stall alone is 10 s), but
    /// on 2 cores at a load average of 30 to 65 (measured while writing it) a run took 70 to 250 s.
    /// </summary>
    public static readonly TimeSpan QuickBound = TimeSpan.FromMinutes(6);

    public static ChaosOptions Parse(IReadOnlyList<string> args)
    {
        var o = args.Contains("--quick") ? Quick : new ChaosOptions();
        o = o with { Seed = Environment.TickCount };
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--quick") continue;
            var value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i - 0]} needs a value");
            o = args[i - 1] switch
            {
                "--sessions" => o with { Sessions = int.Parse(value, CultureInfo.InvariantCulture) },
                "--operations" => o with { Operations = int.Parse(value, CultureInfo.InvariantCulture) },
                "--workers" => o with { Workers = int.Parse(value, CultureInfo.InvariantCulture) },
                "--seed" => o with { Seed = int.Parse(value, CultureInfo.InvariantCulture) },
                "--markdown" => o with { MarkdownPath = value },
                _ => throw new ArgumentException($"unknown option {args[i - 1]}"),
            };
        }
        return o;
    }
}

/// <summary>
/// <c>CaucusRooms.Bench chaos [--quick] [--sessions N] [--operations N] [--workers N] [--seed N] [--markdown PAGE.md]</c>:
/// randomized mediation traffic on two nodes and a real redis-server while node 2 is killed and restarted,
/// Redis is paused for 10 s and Redis is restarted; every live delivery and every history answer is judged by
/// the readers rule, and at the end every room's history is read as a mediator: nothing acknowledged may be
/// lost, nothing duplicated, nothing leaked. Exit 0 clean, 2 on a violation, 1 when it checked too little.
/// </summary>
internal sealed partial class ChaosRun
{
    public const string MediatorUserName = Hosting.BenchHosts.MediatorUserName;
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);
    private const int KeepCases = 20;

    private readonly ChaosOptions _options;
    private readonly TextWriter _out;
    private readonly List<ChaosSession> _sessions = [];
    private readonly ChaosSent[] _sent;
    private int _nextSent = -1;
    private readonly ConcurrentQueue<string> _cases = new();
    private readonly long _origin = Stopwatch.GetTimestamp();
    // The same instant on the clock the nodes stamp sends and their audit trail with (one machine, one clock).
    private readonly DateTimeOffset _wallOrigin = DateTimeOffset.UtcNow;
    private readonly ConcurrentQueue<(int Session, int Person, int No, string Text)> _modelCases = new();
    private ChaosCluster _cluster = null!;
    private readonly string _password = Guid.NewGuid().ToString("N");
    private readonly Fault[] _faults;

    private long _attempted, _accepted, _refused, _unavailable, _failed, _deliveries, _historyAnswers, _historyMessages;
    private long _leaks, _duplicates, _lost, _reconnects, _movedToOtherNode, _finalMessages;
    private long _modelDisagreements, _committedChecked, _unjudgedSessions, _lateCommits, _unrecordedChanges;
    private int _operations;

    private ChaosRun(ChaosOptions options, TextWriter output)
    {
        _options = options;
        _out = output;
        _sent = new ChaosSent[MaxDraws(options) + 1_000];
        _faults = [new("node 2 killed (SIGKILL) and restarted"), new(string.Create(CultureInfo.InvariantCulture, $"redis-server paused {options.RedisPauseSeconds:0.#} s (SIGSTOP/SIGCONT)")), new("redis-server restarted")];
    }

    /// <summary>
    /// The run draws operations until <see cref="ChaosOptions.Operations"/> were attempted and every fault was followed by
    /// a successful call, and never more draws than this.
    /// </summary>
    private static int MaxDraws(ChaosOptions options) => 4 * options.Operations;

    /// <summary>The share of the operations attempted between one fault's end and the next fault, at least.</summary>
    private const double OperationsBetweenFaults = 0.1;

    /// <summary>Every fault is over and a call started after its end succeeded: the traffic may stop.</summary>
    private bool FaultsSeenThrough => _faults.All(f => Interlocked.Read(ref f.FirstSuccessAt) != 0);

    /// <summary>Operations attempted so far: what the run's length and the faults' moments are counted in.</summary>
    private long Attempted => Interlocked.Read(ref _attempted);

    private string Clock => $"{Stopwatch.GetElapsedTime(_origin).TotalSeconds:F1} s";

    public static async Task<int> MainAsync(string[] args, TextWriter output)
    {
        ChaosOptions options;
        try
        {
            options = ChaosOptions.Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 64;
        }
        var result = await RunAsync(options, output);
        await output.WriteLineAsync(result.Text);
        if (options.MarkdownPath is { } page) await ChaosReport.WriteMarkdownAsync(result, page);
        return result.ExitCode;
    }

    private static TimeSpan QuickBoundFor(ChaosOptions options) => options.Operations <= ChaosOptions.Quick.Operations ? ChaosOptions.QuickBound : TimeSpan.FromMinutes(8);

    public static async Task<ChaosResult> RunAsync(ChaosOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(options);
        var run = new ChaosRun(options, output);
        using var bound = new CancellationTokenSource(options.Operations > 20_000 ? TimeSpan.FromMinutes(25) : QuickBoundFor(options));
        var clock = Stopwatch.StartNew();
        await output.WriteLineAsync($"chaos: {options.Sessions} sessions, {options.Operations} operations, {options.Workers} workers, seed {options.Seed} (replay with --seed {options.Seed})");
        await using (run._cluster = await ChaosCluster.StartAsync(run._password, bound.Token))
        {
            var started = clock.Elapsed;
            await run.SetUpAsync(bound.Token);
            await output.WriteLineAsync($"set up in {clock.Elapsed.TotalSeconds:F1} s (redis-server and both nodes {started.TotalSeconds:F1} s) on {run._cluster.Nodes[0]} and {run._cluster.Nodes[1]}");
            var traffic = Stopwatch.StartNew();
            var faults = run.FaultsAsync(bound.Token);
            await Task.WhenAll(Enumerable.Range(0, options.Workers).Select(w => Task.Run(() => run.WorkAsync(w, bound.Token))));
            await faults;
            traffic.Stop();
            await output.WriteLineAsync($"traffic done in {traffic.Elapsed.TotalSeconds:F1} s; final check");
            await run.FinalCheckAsync(bound.Token);
            await run.JudgeByCommittedRecordAsync(bound.Token);
            await output.WriteLineAsync($"judged at {run.Clock}");
            await run.CloseTabsAsync();
            return run.Result(traffic.Elapsed, clock.Elapsed);
        }
    }

    private sealed class Fault(string name)
    {
        public string Name { get; } = name;
        public long InjectedAt;
        public long RecoveredAt;
        public long FirstSuccessAt;
        public long Attempted, Accepted, Refused, Unavailable, Failed;
    }

    private async Task SetUpAsync(CancellationToken ct)
    {
        var random = new Random(_options.Seed);
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = _cluster.Nodes[0], Timeout = CallTimeout };
        var mediatorCookie = await CookieHttp.PostForCookieAsync(http, "/api/auth/login", new LoginRequest(MediatorUserName, _password), null, ct);
        for (var s = 0; s < _options.Sessions; s++) _sessions.Add(new ChaosSession(s, random.Next(2) == 0 ? 2 : 3));
        await Parallel.ForEachAsync(_sessions, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (session, token) =>
        {
            using var created = await CookieHttp.PostAsync(http, "/api/sessions", new CreateSessionRequest($"Chaos {session.Index}",
                [.. Enumerable.Range(0, session.Sides).Select(ChaosSession.SideName)], null), mediatorCookie, token);
            var body = (await created.Content.ReadFromJsonAsync<CreateSessionResponse>(token))!;
            session.SessionId = body.SessionId;
            foreach (var room in body.Rooms)
            {
                var index = room.Kind switch
                {
                    "Joint" => ChaosSession.Joint,
                    "Caucus" => session.CaucusOf(int.Parse(room.Side![1..], CultureInfo.InvariantCulture)),
                    _ => session.MediatorsRoom,
                };
                session.RoomIds[index] = room.RoomId;
                session.RoomIndex[room.RoomId] = index;
            }
            session.People[0].Cookie = mediatorCookie;
            foreach (var person in session.People.Skip(1))
            {
                using var invited = await CookieHttp.PostAsync(http, $"/api/sessions/{session.SessionId}/invites",
                    new InviteRequest($"{person.Role} {person.Index}", person.Role, ChaosSession.SideName(person.Side)), mediatorCookie, token);
                var invite = (await invited.Content.ReadFromJsonAsync<InviteResponse>(token))!;
                person.ParticipantId = invite.ParticipantId;
                person.Cookie = await CookieHttp.PostForCookieAsync(http, "/api/invites/redeem", new RedeemRequest(invite.Code), null, token);
                using var _ = await CookieHttp.PostAsync(http, $"/api/sessions/{session.SessionId}/agreement/accept", new AcceptAgreementRequest($"{person.Role} {person.Index}"), person.Cookie, token);
            }
            // Every person has two tabs, one on each node, opened one after the other: opened all at once (some 60
            // connects) at a load average of 60, some were refused 401 (not looked into further).
            foreach (var person in session.People)
                for (var t = 0; t < 2; t++) await OpenTabAsync(person, person.Tabs[t], (person.Index + t) % 2, token);
        });
    }

    private async Task OpenTabAsync(ChaosPerson person, ChaosTab tab, int node, CancellationToken ct)
    {
        var connection = Hubs.Build(new Uri(_cluster.Nodes[node], $"{HubPaths.Session}?sessionId={person.Session.SessionId}"), person.Cookie);
        var received = new ConcurrentDictionary<long, byte>();
        connection.On<MessageDto>(nameof(ISessionClient.MessageReceived), m => OnDelivery(person, tab, received, m));
        connection.Closed += error =>
        {
            if (!tab.Busy && !ct.IsCancellationRequested && !person.Removed) _ = ReconnectAsync(person, tab, ct);
            return Task.CompletedTask;
        };
        await connection.StartAsync(ct).WaitAsync(CallTimeout, ct);
        tab.Received = received;
        tab.Node = node;
        tab.Connection = connection;
    }

    /// <summary>A tab whose connection closed connects again, to the other node first, as a real client would, and resumes.</summary>
    private async Task ReconnectAsync(ChaosPerson person, ChaosTab tab, CancellationToken ct)
    {
        tab.Busy = true;
        try
        {
            var old = tab.Connection;
            if (old is not null) await old.DisposeAsync();
            for (var attempt = 0; attempt < 120 && !ct.IsCancellationRequested && !person.Removed; attempt++)
            {
                var node = (tab.Node + 1 + attempt) % 2;
                try
                {
                    await OpenTabAsync(person, tab, node, ct);
                    Interlocked.Increment(ref _reconnects);
                    if (node != (person.Index + Array.IndexOf(person.Tabs, tab)) % 2) Interlocked.Increment(ref _movedToOtherNode);
                    tab.Busy = false;
                    await ResumeAsync(person, tab, ct);
                    return;
                }
                catch (Exception e) when (e is HttpRequestException or TimeoutException or IOException or InvalidOperationException or System.Net.WebSockets.WebSocketException or HubException)
                {
                    if (e is HttpRequestException { StatusCode: System.Net.HttpStatusCode.Forbidden }) return; // removed: the invite stopped working
                    await Task.Delay(500, ct);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
        finally
        {
            tab.Busy = tab.Connection is not { State: HubConnectionState.Connected };
        }
    }

    private async Task WorkAsync(int worker, CancellationToken ct)
    {
        var random = new Random(_options.Seed * 31 + worker);
        while (!ct.IsCancellationRequested && (Attempted < _options.Operations || !FaultsSeenThrough) && Interlocked.Increment(ref _operations) <= MaxDraws(_options))
        {
            var session = _sessions[random.Next(_sessions.Count)];
            var roll = random.Next(100);
            try
            {
                if (roll < 18 && await session.Changes.WaitAsync(0, ct)) await ChangeAsync(session, random, ct);
                else if (roll < 28) await ResumeOneAsync(session, random, ct);
                else if (roll < 31) await StopTabAsync(session, random, ct);
                else await SendAsync(session, random, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private static ChaosTab? UsableTab(ChaosPerson person, Random random)
    {
        var first = person.Tabs[random.Next(2)];
        if (first.Usable) return first;
        var other = person.Tabs[0] == first ? person.Tabs[1] : person.Tabs[0];
        return other.Usable ? other : null;
    }

    private async Task SendAsync(ChaosSession session, Random random, CancellationToken ct)
    {
        var sender = session.People[random.Next(session.People.Count)];
        if (sender.Removed || UsableTab(sender, random) is not { } tab) return;
        var roll = random.Next(100);
        var latest = session.Latest;
        int room;
        string roomId;
        if (roll < 10)
        {
            // Another session's room: never accepted.
            var foreign = _sessions[random.Next(_sessions.Count)];
            if (foreign == session) return;
            room = -1;
            roomId = foreign.RoomIds[random.Next(foreign.RoomIds.Length)];
        }
        else
        {
            var rooms = Enumerable.Range(0, session.RoomIds.Length).Where(r => session.MayRead(latest, sender.Index, r)).ToList();
            room = roll < 75 && rooms.Count > 0 ? rooms[random.Next(rooms.Count)] : random.Next(session.RoomIds.Length);
            roomId = session.RoomIds[room];
        }
        var no = Interlocked.Increment(ref _nextSent);
        if (no >= _sent.Length) return;
        var start = Stopwatch.GetTimestamp();
        _sent[no] = new ChaosSent { Session = session.Index, Room = room, Sender = sender.Index, Start = start };
        var outcome = await CallAsync(tab, c => c.InvokeAsync<SendAck>(nameof(ISessionHub.SendMessage), roomId, $"chaos-{no}", $"#{no} chaos", ct));
        var at = Stopwatch.GetTimestamp();
        Volatile.Write(ref _sent[no].End, at);
        Volatile.Write(ref _sent[no].Status, outcome);
        if (outcome == Status.Accepted && room < 0) Leak($"the server accepted #{no} from {sender.Name} to another session's room");
        else if (outcome == Status.Accepted && !session.PossiblyEntitled(start, at, sender.Index, room))
            ModelCase(session.Index, sender.Index, no, $"the server accepted #{no} from {sender.Name} to room {room}, which the model says they could not write in then " +
                $"(judged again by the committed record): {session.Describe(start, at, sender.Index, Ms)}; last changes: {string.Join(" | ", session.RecentChanges)}");
    }

    private async Task ChangeAsync(ChaosSession session, Random random, CancellationToken ct)
    {
        try
        {
            var mediator = session.People[0];
            if (UsableTab(mediator, random) is not { } tab) return;
            var latest = session.Latest;
            var candidates = session.People.Skip(1).Where(p => latest[p.Index] != Where.Removed).ToList();
            if (candidates.Count == 0) return;
            var person = candidates[random.Next(candidates.Count)];
            var next = (int[])latest.Clone();
            string method;
            object?[] args;
            var roll = random.Next(100);
            var target = random.Next(2) == 0 ? ChaosSession.Joint : session.CaucusOf(person.Side);
            if (latest[person.Index] == Where.Lobby) (method, args, next[person.Index]) = (nameof(ISessionHub.Admit), [person.ParticipantId, session.RoomIds[target]], target);
            else if (roll < 70) (method, args, next[person.Index]) = (nameof(ISessionHub.Move), [person.ParticipantId, session.RoomIds[target]], target);
            else if (roll < 84) (method, args) = (nameof(ISessionHub.Lock), [person.ParticipantId]);
            else if (roll < 98) (method, args) = (nameof(ISessionHub.Unlock), [person.ParticipantId]);
            else if (candidates.Count > 2) (method, args, next[person.Index]) = (nameof(ISessionHub.Remove), [person.ParticipantId], Where.Removed);
            else return;
            var changesLocations = method is nameof(ISessionHub.Admit) or nameof(ISessionHub.Move) or nameof(ISessionHub.Remove);
            var called = Stopwatch.GetTimestamp();
            var calledWall = DateTimeOffset.UtcNow;
            if (changesLocations) session.Begin(next, called);
            var node = tab.Node;
            var error = new System.Runtime.CompilerServices.StrongBox<string?>();
            var outcome = await CallAsync(tab, c => c.InvokeCoreAsync(method, args, ct), error);
            var at = Stopwatch.GetTimestamp();
            var call = new ChaosCall(person.Index, next[person.Index], method, node, calledWall, DateTimeOffset.UtcNow, outcome) { Error = error.Value };
            if (changesLocations) lock (session.Calls) session.Calls.Add(call);
            session.NoteChange($"{method} person {person.Index} to {next[person.Index]} via node {node} [{Ms(called)} … {Ms(at)}] outcome {outcome}");
            if (method == nameof(ISessionHub.Remove) && outcome != Status.Refused) person.Removed = true;
            if (!changesLocations) return;
            if (outcome is Status.Accepted or Status.Refused) session.End(outcome == Status.Accepted, at);
            else
            {
                var observed = await ReadLocationsAsync(session, ct);
                (call.ReadBack, call.ReadBackLocation) = (DateTimeOffset.UtcNow, observed[person.Index]);
                session.Resolve(observed, Stopwatch.GetTimestamp());
                session.NoteChange($"  read back at {Ms(Stopwatch.GetTimestamp())}: person {person.Index} at {observed[person.Index]}");
            }
        }
        finally
        {
            session.Changes.Release();
        }
    }

    /// <summary>After a change of unknown outcome: the session as a mediator reads it, once it answers (bounded).</summary>
    private static async Task<int[]> ReadLocationsAsync(ChaosSession session, CancellationToken ct)
    {
        var random = new Random();
        for (var attempt = 0; attempt < 120; attempt++)
        {
            if (UsableTab(session.People[0], random) is { } tab)
            {
                try
                {
                    var view = await tab.Connection!.InvokeAsync<SessionViewDto>(nameof(ISessionHub.GetSession), ct).WaitAsync(CallTimeout, ct);
                    return [.. session.People.Select(p => p.Index == 0 ? 0 : view.People.FirstOrDefault(x => x.ParticipantId == p.ParticipantId) switch
                    {
                        null => Where.Removed,
                        { Location: "Gone" } => Where.Removed,
                        { Location: "Lobby" } => Where.Lobby,
                        { RoomId: { } id } => session.RoomIndex[id],
                        _ => Where.Lobby,
                    })];
                }
                catch (Exception e) when (e is HubException or TimeoutException or IOException or InvalidOperationException or System.Net.WebSockets.WebSocketException || (e is TaskCanceledException && !ct.IsCancellationRequested))
                {
                    // Still away; try again.
                }
            }
            await Task.Delay(500, ct);
        }
        throw new TimeoutException($"session {session.Index} could not be read back within a minute after a change of unknown outcome");
    }

    private async Task ResumeOneAsync(ChaosSession session, Random random, CancellationToken ct)
    {
        var person = session.People[random.Next(session.People.Count)];
        if (!person.Removed && UsableTab(person, random) is { } tab) await ResumeAsync(person, tab, ct);
    }

    /// <summary>As the real client after a reconnect: each room it may read now, from the last seq this tab saw there.</summary>
    private async Task ResumeAsync(ChaosPerson person, ChaosTab tab, CancellationToken ct)
    {
        var session = person.Session;
        var latest = session.Latest;
        foreach (var room in Enumerable.Range(0, session.RoomIds.Length).Where(r => session.MayRead(latest, person.Index, r)))
        {
            for (var page = 0; page < 5; page++)
            {
                var after = tab.LastSeq.GetValueOrDefault(room);
                IReadOnlyList<MessageDto>? messages = null;
                var outcome = await CallAsync(tab, async c => messages = await c.InvokeAsync<IReadOnlyList<MessageDto>>(nameof(ISessionHub.GetHistory), session.RoomIds[room], after, ct));
                if (messages is null || outcome != Status.Accepted) return;
                var at = Stopwatch.GetTimestamp();
                Interlocked.Increment(ref _historyAnswers);
                foreach (var m in messages)
                {
                    Interlocked.Increment(ref _historyMessages);
                    Judge(person, m, room, at, live: false);
                    tab.Saw(room, m.Seq);
                }
                if (messages.Count < Server.Hubs.SessionHub.HistoryPage) break;
            }
        }
    }

    private async Task StopTabAsync(ChaosSession session, Random random, CancellationToken ct)
    {
        var person = session.People[random.Next(session.People.Count)];
        var tab = person.Tabs[random.Next(2)];
        if (person.Removed || !tab.Usable) return;
        tab.Busy = true;
        Interlocked.Increment(ref _attempted);
        await tab.Connection!.StopAsync(ct).WaitAsync(CallTimeout, ct);
        tab.Busy = false;
        await ReconnectAsync(person, tab, ct);
        Interlocked.Increment(ref _accepted);
    }

    /// <summary>One hub call, counted and classified: accepted, refused (a documented reason), Unavailable, or failed (timeout, closed).</summary>
    private async Task<int> CallAsync(ChaosTab tab, Func<HubConnection, Task> call, System.Runtime.CompilerServices.StrongBox<string?>? error = null)
    {
        Interlocked.Increment(ref _attempted);
        var started = Stopwatch.GetTimestamp();
        int kind; // 0 accepted, 1 refused, 2 Unavailable, 3 failed otherwise
        try
        {
            await call(tab.Connection!).WaitAsync(CallTimeout);
            kind = 0;
            foreach (var f in _faults)
                if (f.RecoveredAt != 0 && started >= f.RecoveredAt) Interlocked.CompareExchange(ref f.FirstSuccessAt, Stopwatch.GetTimestamp(), 0);
        }
        catch (HubException e) when (HubRefusal.TryParse(e.Message, out var refusal) && refusal.Reason == "Unavailable")
        {
            kind = 2;
            error?.Value = "Unavailable";
        }
        catch (HubException e) when (HubRefusal.TryParse(e.Message, out _))
        {
            kind = 1;
        }
        catch (Exception e) when (e is HubException or TimeoutException or IOException or InvalidOperationException or TaskCanceledException or System.Net.WebSockets.WebSocketException)
        {
            kind = 3;
            error?.Value = $"{e.GetType().Name}: {e.Message[..Math.Min(e.Message.Length, 100)]}";
        }
        switch (kind)
        {
            case 0: Interlocked.Increment(ref _accepted); break;
            case 1: Interlocked.Increment(ref _refused); break;
            case 2: Interlocked.Increment(ref _unavailable); break;
            default: Interlocked.Increment(ref _failed); break;
        }
        var outcome = kind switch { 0 => Status.Accepted, 1 => Status.Refused, _ => Status.Unknown };
        foreach (var f in _faults)
        {
            if (f.InjectedAt == 0 || started < f.InjectedAt || (f.FirstSuccessAt != 0 && started > f.FirstSuccessAt)) continue;
            Interlocked.Increment(ref f.Attempted);
            switch (kind)
            {
                case 0: Interlocked.Increment(ref f.Accepted); break;
                case 1: Interlocked.Increment(ref f.Refused); break;
                case 2: Interlocked.Increment(ref f.Unavailable); break;
                default: Interlocked.Increment(ref f.Failed); break;
            }
        }
        return outcome;
    }

    private void OnDelivery(ChaosPerson person, ChaosTab tab, ConcurrentDictionary<long, byte> received, MessageDto m)
    {
        Interlocked.Increment(ref _deliveries);
        var no = Judge(person, m, -1, Stopwatch.GetTimestamp(), live: true, tab.Node);
        if (no >= 0 && !received.TryAdd(no, 0))
        {
            Interlocked.Increment(ref _duplicates);
            Case($"DUPLICATE: #{no} reached one connection of {person.Name} twice");
        }
        if (person.Session.RoomIndex.TryGetValue(m.RoomId, out var room)) tab.Saw(room, m.Seq);
    }

    /// <summary>
    /// The message is one of this session's, labelled with its room, not refused; who got it (and when the server stamped
    /// it) is kept for the judgment by the committed record at the end. The model's view (the person entitled in some
    /// state possibly current while it was in flight) is checked too: where it disagrees, the case is kept with its
    /// evidence and judged again by what the server committed.
    /// </summary>
    private long Judge(ChaosPerson person, MessageDto m, int askedRoom, long at, bool live, int node = -1)
    {
        var how = live ? "live" : $"in a history answer of room {askedRoom}";
        if (!TryNumber(m.Text, out var no) || no > Volatile.Read(ref _nextSent)) return Leak($"a message the run never sent reached {person.Name} {how}");
        var sent = _sent[no];
        var session = person.Session;
        if (sent.Session != session.Index) return Leak($"#{no} of session {sent.Session} reached {person.Name} {how}");
        if (!session.RoomIndex.TryGetValue(m.RoomId, out var labelled) || labelled != sent.Room || (!live && askedRoom != sent.Room))
            return Leak($"#{no} sent to room {sent.Room} reached {person.Name} {how} labelled room {labelled} (re-routed)");
        if (Volatile.Read(ref _sent[no].Status) == Status.Refused) return Leak($"#{no} was refused, yet reached {person.Name} {how}");
        Volatile.Write(ref _sent[no].SentAtTicks, m.SentAt.UtcTicks);
        Volatile.Write(ref _sent[no].MessageId, m.MessageId);
        if (person.Index != 0) Interlocked.Or(ref live ? ref _sent[no].LiveTo : ref _sent[no].HistoryTo, 1 << person.Index);
        var end = Volatile.Read(ref _sent[no].End);
        // An outcome the client does not know (a timeout, a node gone) is no answer from the server: it may have stored the send later.
        var until = SendWindow.ReadersFixedBy(Volatile.Read(ref _sent[no].Status) == Status.Unknown ? 0 : end, at);
        if (!session.PossiblyEntitled(sent.Start, until, person.Index, sent.Room))
            ModelCase(session.Index, person.Index, no, $"#{no} (id {m.MessageId}, stamped {Wall(m.SentAt)}) to room {sent.Room} by person {sent.Sender} in flight [{Ms(sent.Start)} … {Ms(end)}] " +
                $"reached {person.Name} {how}{(node >= 0 ? $" on node {node + 1}" : "")} at {Ms(at)}, whom the model places outside it then: " +
                $"{session.Describe(sent.Start, until, person.Index, Ms)}; last changes: {string.Join(" | ", session.RecentChanges)}");
        return no;
    }

    private string Ms(long ticks) => ticks switch
    {
        long.MinValue => "start",
        long.MaxValue or 0 => "open",
        _ => $"{Stopwatch.GetElapsedTime(_origin, ticks).TotalMilliseconds:0}ms",
    };

    private string Wall(DateTimeOffset at) => $"{(at - _wallOrigin).TotalMilliseconds:0}ms";

    /// <summary>The model disagrees with a delivery: kept with its evidence, judged by the committed record at the end.</summary>
    private void ModelCase(int session, int person, int no, string description)
    {
        if (Interlocked.Increment(ref _modelDisagreements) <= KeepCases) _modelCases.Enqueue((session, person, no, description));
    }

    private long Leak(string description)
    {
        Interlocked.Increment(ref _leaks);
        Case("LEAK: " + description);
        return -1;
    }

    private void Case(string description)
    {
        if (_cases.Count < 2 * KeepCases) _cases.Enqueue(description);
    }

    private static bool TryNumber(string text, out int no)
    {
        no = -1;
        if (!text.StartsWith('#')) return false;
        var end = text.IndexOf(' ', StringComparison.Ordinal);
        return end > 1 && int.TryParse(text.AsSpan(1, end - 1), NumberStyles.None, CultureInfo.InvariantCulture, out no);
    }

    private async Task FaultsAsync(CancellationToken ct)
    {
        // A fault comes at its share of the operations, and never before a tenth of them were attempted since the last one
        // ended: a fault that lasts long under load (a node restarting on a busy machine) moves the later ones on, so each
        // fault has traffic in its window and after it.
        var attemptedAtLastEnd = 0L;
        async Task WaitFor(double share)
        {
            var due = Math.Max(_options.Operations * share, attemptedAtLastEnd + _options.Operations * OperationsBetweenFaults);
            while (Attempted < due && Volatile.Read(ref _operations) < MaxDraws(_options)) await Task.Delay(100, ct);
        }
        await WaitFor(0.15);
        await Inject(_faults[0], async () =>
        {
            _cluster.KillNode2();
            await Task.Delay(TimeSpan.FromSeconds(_options.NodeDownSeconds), ct);
            await _cluster.RestartNode2Async(ct);
        });
        await WaitFor(0.45);
        await Inject(_faults[1], async () =>
        {
            await _cluster.PauseRedisAsync();
            await Task.Delay(TimeSpan.FromSeconds(_options.RedisPauseSeconds), ct);
            await _cluster.ResumeRedisAsync();
        });
        await WaitFor(0.7);
        await Inject(_faults[2], () => _cluster.RestartRedisAsync(ct));

        async Task Inject(Fault fault, Func<Task> act)
        {
            fault.InjectedAt = Stopwatch.GetTimestamp();
            await _out.WriteLineAsync($"  fault at {Clock}, operation {Attempted}: {fault.Name}");
            await act();
            fault.RecoveredAt = Stopwatch.GetTimestamp();
            attemptedAtLastEnd = Attempted;
            await _out.WriteLineAsync($"  over at {Clock}: {fault.Name}");
        }
    }

    /// <summary>Every room's history as a mediator, every page: each acknowledged send exactly once, nothing refused, nothing twice.</summary>
    private async Task FinalCheckAsync(CancellationToken ct)
    {
        var random = new Random(_options.Seed);
        var found = new int[_sent.Length];
        foreach (var session in _sessions)
        {
            for (var room = 0; room < session.RoomIds.Length; room++)
            {
                long after = 0;
                for (var page = 0; page < 10_000; page++)
                {
                    IReadOnlyList<MessageDto>? messages = null;
                    for (var attempt = 0; attempt < 60 && messages is null; attempt++)
                    {
                        if (UsableTab(session.People[0], random) is { } tab)
                        {
                            try
                            {
                                messages = await tab.Connection!.InvokeAsync<IReadOnlyList<MessageDto>>(nameof(ISessionHub.GetHistory), session.RoomIds[room], after, ct).WaitAsync(CallTimeout, ct);
                            }
                            catch (Exception e) when (e is HubException or TimeoutException or IOException or InvalidOperationException or System.Net.WebSockets.WebSocketException || (e is TaskCanceledException && !ct.IsCancellationRequested))
                            {
                                await Task.Delay(500, ct);
                            }
                        }
                        else await Task.Delay(500, ct);
                    }
                    if (messages is null) throw new TimeoutException($"the mediator of session {session.Index} could not read room {room}");
                    foreach (var m in messages)
                    {
                        Interlocked.Increment(ref _finalMessages);
                        var no = Judge(session.People[0], m, room, Stopwatch.GetTimestamp(), live: false);
                        if (no < 0) continue;
                        if (++found[no] == 2)
                        {
                            Interlocked.Increment(ref _duplicates);
                            Case($"DUPLICATE: #{no} is twice in the history of room {room} of session {session.Index}");
                        }
                        after = Math.Max(after, m.Seq);
                    }
                    if (messages.Count < Server.Hubs.SessionHub.HistoryPage) break;
                }
            }
        }
        var count = Math.Min(Volatile.Read(ref _nextSent) + 1, _sent.Length);
        for (var no = 0; no < count; no++)
        {
            if (_sent[no].Status != Status.Accepted || found[no] > 0) continue;
            _lost++;
            Case($"LOST: #{no}, acknowledged, is in no history of session {_sent[no].Session}");
        }
    }

    /// <summary>
    /// The readers rule judged by what the server committed. Each session's audit trail, replayed, says where everyone was
    /// when each message was stamped (both are stamped under the session's lock); every person but the mediator who got a
    /// message, live or in a history answer, must have been entitled to its room then, and so must its sender. The trail is
    /// checked first: it must end where the session is, and each committed change must be one the mediator called, decided
    /// after its call began and, when the call was answered, before that answer.
    /// </summary>
    private async Task JudgeByCommittedRecordAsync(CancellationToken ct)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { Timeout = CallTimeout };
        var count = Math.Min(Volatile.Read(ref _nextSent) + 1, _sent.Length);
        var records = new Dictionary<int, CommittedRecord>();
        foreach (var session in _sessions)
        {
            var trail = await ReadTrailAsync(http, session, ct);
            if (trail is null)
            {
                _unjudgedSessions++;
                Case($"UNJUDGED: the audit trail of session {session.Index} could not be read");
                continue;
            }
            var record = CommittedRecord.From(session, trail);
            var final = await ReadLocationsAsync(session, ct);
            CheckTrailAgainstCalls(session, record);
            if (record.Unreadable.Count > 0 || !final.SequenceEqual(record.Final))
            {
                _unjudgedSessions++;
                Case($"UNJUDGED: session {session.Index}: its audit trail replayed ends at [{string.Join(",", record.Final)}] while the session is at " +
                    $"[{string.Join(",", final)}]; unreadable entries: {string.Join(", ", record.Unreadable)}");
                continue;
            }
            records[session.Index] = record;
            _unrecordedChanges += record.UnrecordedCount;
        }
        for (var no = 0; no < count; no++)
        {
            var sent = _sent[no];
            if (sent.Room < 0 || sent.SentAtTicks == 0 || !records.TryGetValue(sent.Session, out var record)) continue;
            var session = _sessions[sent.Session];
            var sentAt = new DateTimeOffset(sent.SentAtTicks, TimeSpan.Zero);
            var state = record.StateAt(sentAt);
            if (!record.WasReader(sentAt, sent.Sender, sent.Room))
                Leak($"session {sent.Session}: #{no} (id {sent.MessageId}, stamped {Wall(sentAt)}) was stored from person {sent.Sender} in room {sent.Room}, " +
                    $"where the committed record does not let them write then: {record.Describe(sent.Sender, sentAt, TimeSpan.FromSeconds(5), Wall)}");
            var got = sent.LiveTo | sent.HistoryTo;
            for (var p = 1; p < session.People.Count; p++)
            {
                if ((got & (1 << p)) == 0) continue;
                Interlocked.Increment(ref _committedChecked);
                if (record.WasReader(sentAt, p, sent.Room)) continue;
                Leak($"session {sent.Session}: #{no} (id {sent.MessageId}, stamped {Wall(sentAt)}) from person {sent.Sender} to room {sent.Room} reached person {p} " +
                    $"{((sent.LiveTo & (1 << p)) != 0 ? "live" : "in a history answer")}, who was not entitled to that room when it was sent by the committed record " +
                    $"(at {state[p]}): {record.Describe(p, sentAt, TimeSpan.FromSeconds(5), Wall)}; calls: {CallsNear(session, p, sentAt)}");
            }
        }
        foreach (var (s, person, no, text) in _modelCases)
        {
            var verdict = records.TryGetValue(s, out var record) && _sent[no].SentAtTicks != 0
                ? record.StateAt(new DateTimeOffset(_sent[no].SentAtTicks, TimeSpan.Zero))[person] is var at && record.WasReader(new DateTimeOffset(_sent[no].SentAtTicks, TimeSpan.Zero), person, _sent[no].Room)
                    ? $"a reader by the committed record (at {at}): {record.Describe(person, new DateTimeOffset(_sent[no].SentAtTicks, TimeSpan.Zero), TimeSpan.FromSeconds(5), Wall)}"
                    : "NOT a reader by the committed record (counted as a leak above)"
                : "not judged by a committed record";
            Case($"MODEL: {text}; calls: {CallsNear(_sessions[s], person, _sent[no].SentAtTicks == 0 ? _wallOrigin : new DateTimeOffset(_sent[no].SentAtTicks, TimeSpan.Zero))} — {verdict}");
        }
    }

    /// <summary>
    /// Each committed change matched to the call that made it (an answered call whose span holds it, else the last call of
    /// unknown outcome made before it); a change nobody called, or decided outside its call, is a violation. Then the calls
    /// of unknown outcome whose read-back found the person where the trail does not put them: changes the trail lacks.
    /// </summary>
    private void CheckTrailAgainstCalls(ChaosSession session, CommittedRecord record)
    {
        var tolerance = TimeSpan.FromMilliseconds(2);
        List<ChaosCall> calls;
        lock (session.Calls) calls = [.. session.Calls];
        var used = new HashSet<ChaosCall>();
        foreach (var (at, person, location, seq) in record.Changes.ToList())
        {
            bool Fits(ChaosCall c) => !used.Contains(c) && c.Person == person && c.Target == location && c.Outcome != Status.Refused && at >= c.Called - tolerance;
            var call = calls.FirstOrDefault(c => Fits(c) && c.Outcome == Status.Accepted && at <= c.Answered + tolerance)
                ?? calls.LastOrDefault(c => Fits(c) && c.Outcome == Status.Unknown);
            if (call is null)
            {
                Leak($"session {session.Index}: the trail's #{seq} puts person {person} at {location} at {Wall(at)}, a change no call of the mediator made then; calls: {CallsNear(session, person, at)}");
                continue;
            }
            used.Add(call);
            if (call.ReadBack is not { } readBack || at <= readBack) continue;
            Interlocked.Increment(ref _lateCommits);
            Case($"LATE COMMIT: session {session.Index}: {call.Method} of person {person} to {location} via node {call.Node + 1} [{Wall(call.Called)} … {Wall(call.Answered)}] " +
                $"failed at the client ({call.Error}); the session read back at {Wall(readBack)} had them at {call.ReadBackLocation}; the server committed it at {Wall(at)} (trail #{seq})");
        }
        foreach (var c in calls.Where(c => c.Outcome == Status.Unknown && !used.Contains(c) && c.ReadBack is not null))
        {
            if (record.StateAt(c.ReadBack!.Value)[c.Person] == c.ReadBackLocation || c.ReadBackLocation != c.Target) continue;
            record.AddUnrecorded(c.Person, c.Target, c.Called, c.ReadBack.Value);
            Case($"UNRECORDED: session {session.Index}: {c.Method} of person {c.Person} to {c.Target} via node {c.Node + 1} [{Wall(c.Called)} … {Wall(c.Answered)}] " +
                $"answered with an error, and the session read back at {Wall(c.ReadBack.Value)} has them there, but the audit trail has no entry for it");
        }
        foreach (var c in calls.Where(c => c.Outcome == Status.Accepted && !used.Contains(c)))
        {
            _unjudgedSessions++;
            Case($"UNJUDGED: session {session.Index}: the accepted {c.Method} of person {c.Person} to {c.Target} [{Wall(c.Called)} … {Wall(c.Answered)}] is not in its audit trail");
        }
    }

    private string CallsNear(ChaosSession session, int person, DateTimeOffset at)
    {
        List<ChaosCall> calls;
        lock (session.Calls) calls = [.. session.Calls.Where(c => c.Person == person && c.Called <= at + TimeSpan.FromSeconds(2) && c.Answered >= at - TimeSpan.FromSeconds(10))];
        return calls.Count == 0 ? "none near then" : string.Join("; ", calls.Select(c =>
            $"{c.Method} to {c.Target} via node {c.Node + 1} [{Wall(c.Called)} … {Wall(c.Answered)}] outcome {c.Outcome switch { Status.Accepted => "accepted", Status.Refused => "refused", _ => "unknown" }}" +
            (c.Error is { } e ? $" ({e})" : "") + (c.ReadBack is { } r ? $", read back at {Wall(r)}: at {c.ReadBackLocation}" : "")));
    }

    private async Task<IReadOnlyList<AuditEntryDto>?> ReadTrailAsync(HttpClient http, ChaosSession session, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_cluster.Nodes[attempt % 2], $"/api/sessions/{session.SessionId}/audit"));
            request.Headers.Add("Cookie", session.People[0].Cookie);
            try
            {
                using var response = await http.SendAsync(request, ct);
                if (response.IsSuccessStatusCode) return await response.Content.ReadFromJsonAsync<List<AuditEntryDto>>(ct);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
            {
                // That node is away; try the other.
            }
            await Task.Delay(500, ct);
        }
        return null;
    }

    /// <summary>Every tab at once, each bounded at 5 s.</summary>
    private Task CloseTabsAsync() => Task.WhenAll(_sessions.SelectMany(s => s.People).SelectMany(p => p.Tabs).Select(async tab =>
    {
        tab.Busy = true;
        if (tab.Connection is not { } c) return;
        try
        {
            await c.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            // The nodes are stopped next anyway.
        }
    }));

    private ChaosResult Result(TimeSpan traffic, TimeSpan total)
    {
        var faults = _faults.Select(f => new ChaosFault(f.Name,
            f.FirstSuccessAt == 0 || f.RecoveredAt == 0 ? null : Stopwatch.GetElapsedTime(f.RecoveredAt, f.FirstSuccessAt).TotalSeconds,
            f.RecoveredAt == 0 ? null : Stopwatch.GetElapsedTime(f.InjectedAt, f.RecoveredAt).TotalSeconds,
            f.Attempted, f.Accepted, f.Refused, f.Unavailable, f.Failed)).ToList();
        return new ChaosResult(_options, Interlocked.Read(ref _attempted), Interlocked.Read(ref _accepted), Interlocked.Read(ref _refused),
            Interlocked.Read(ref _unavailable), Interlocked.Read(ref _failed), Math.Min(_nextSent + 1, _sent.Length), Interlocked.Read(ref _deliveries),
            Interlocked.Read(ref _historyAnswers), Interlocked.Read(ref _historyMessages), Interlocked.Read(ref _finalMessages),
            Interlocked.Read(ref _reconnects), Interlocked.Read(ref _movedToOtherNode), Interlocked.Read(ref _leaks), Interlocked.Read(ref _duplicates), _lost,
            faults, [.. _cases], traffic.TotalSeconds, total.TotalSeconds, ChaosReport.LoadAverage(), _sessions.Sum(s => s.People.Count), _sessions.Count(s => s.Sides == 3),
            Interlocked.Read(ref _committedChecked), Interlocked.Read(ref _modelDisagreements), Interlocked.Read(ref _lateCommits), _unjudgedSessions, _unrecordedChanges,
            Math.Min(Volatile.Read(ref _operations), MaxDraws(_options)));
    }
}
