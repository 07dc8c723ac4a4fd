using System.Diagnostics;
using System.Globalization;
using CaucusRooms.Bench.Hosting;
using CaucusRooms.Bench.Oracle;
using CaucusRooms.Contracts;
using Microsoft.AspNetCore.SignalR.Client;

namespace CaucusRooms.Bench.Load;

/// <summary>
/// The traffic of one target: people sending at a set rate to rooms they may write in, mediators
/// moving people every few seconds, every delivery timed and judged by the oracle. Every loop is
/// bounded by its phase's duration and the run's cancellation; every call by a timeout.
/// </summary>
internal sealed class Traffic
{
    public const int MaxOutstandingPerPerson = 64;
    public const int StaleSendPercent = 2;
    public const int MaxHistoryPagesPerResume = 5;
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(20);
    private readonly ITargetDriver _driver;
    private readonly IReadOnlyList<BenchSession> _sessions;
    private readonly SentLog _log;
    private readonly Phase[] _phases = new Phase[64];
    private int _phaseCount;
    private readonly int _messageChars;
    private readonly TimeSpan _moveEvery;
    private readonly int _seed;
    private long _deliveries;
    private int _resuming;
    private long _historyRefused;
    private long _historyFailed;

    public Traffic(ITargetDriver driver, IReadOnlyList<BenchSession> sessions, int logCapacity, int messageChars, TimeSpan moveEvery, int seed, long origin)
    {
        _driver = driver;
        _sessions = sessions;
        _log = new SentLog(logCapacity);
        _messageChars = messageChars;
        _moveEvery = moveEvery;
        _seed = seed;
        Oracle = new LeakOracle([.. sessions.Select(s => s.Model)], _log, origin);
    }

    public LeakOracle Oracle { get; }

    public int Connections => _sessions.Count * Cast.People;

    public bool LogFull { get; private set; }

    /// <summary>Whether people resume history after a move (CaucusRooms; the baseline has no history).</summary>
    public bool HasHistory => _driver.HasHistory;

    /// <summary><c>GetHistory</c> calls refused (the person was moved out of the room again meanwhile).</summary>
    public long HistoryRefused => Interlocked.Read(ref _historyRefused);

    /// <summary><c>GetHistory</c> calls that failed (timeout, closed connection).</summary>
    public long HistoryFailed => Interlocked.Read(ref _historyFailed);

    /// <summary>Opens the hub connections of <paramref name="sessions"/>, a bounded number of sessions at a time.</summary>
    public Task ConnectAsync(IEnumerable<BenchSession> sessions, CancellationToken ct) =>
        Parallel.ForEachAsync(sessions, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct },
            async (s, token) => await _driver.ConnectAsync(s, Wire, token));

    public async Task DisconnectAllAsync()
    {
        await Parallel.ForEachAsync(_sessions.SelectMany(s => s.People), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (p, token) =>
        {
            if (p.Connection is not { } c) return;
            try
            {
                await c.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10), token);
            }
            catch (TimeoutException)
            {
                // The process ends soon anyway; a connection that will not close is not a figure.
            }
        });
    }

    private void Wire(BenchPerson person, HubConnection connection)
    {
        connection.On<MessageDto>(nameof(ISessionClient.MessageReceived), m => OnDelivery(person, m));
        if (_driver.HasHistory) connection.On<MyStateDto>(nameof(ISessionClient.StateChanged), s => OnStateChanged(person, s));
    }

    /// <summary>
    /// A person whose state says they were moved resumes every room they may read now from the last seq they saw
    /// there, as the real client does; not awaited here (a handler that called the hub would hold up the
    /// connection's other events), but counted, so a phase drains it.
    /// </summary>
    private void OnStateChanged(BenchPerson person, MyStateDto state)
    {
        if (state.Reason != "moved") return;
        var rooms = state.Rooms.Select(r => person.Session.RoomIndex.TryGetValue(r.RoomId, out var i) ? i : -1).Where(i => i >= 0).ToList();
        Interlocked.Increment(ref _resuming);
        _ = ResumeAsync(person, rooms);
    }

    private async Task ResumeAsync(BenchPerson person, IReadOnlyList<int> rooms)
    {
        try
        {
            foreach (var room in rooms)
            {
                // A page is full at 200; a few pages bound one resume (the bench's rooms rarely hold more unseen).
                for (var page = 0; page < MaxHistoryPagesPerResume; page++)
                {
                    var messages = await _driver.HistoryAsync(person, room, Volatile.Read(ref person.LastSeq[room]), CancellationToken.None).WaitAsync(Hubs.CallTimeout);
                    var at = Stopwatch.GetTimestamp();
                    if (messages is null)
                    {
                        Interlocked.Increment(ref _historyRefused);
                        break;
                    }
                    Oracle.OnHistory(person.Session.Index, person.Index, room,
                        messages.Select(m => (ParseNumber(m.Text), m.RoomId is { } id && person.Session.RoomIndex.TryGetValue(id, out var r) ? r : -1)), at);
                    foreach (var m in messages) person.Saw(room, m.Seq);
                    if (messages.Count < Server.Hubs.SessionHub.HistoryPage) break;
                }
            }
        }
#pragma warning disable CA1031 // A failed resume is counted, whatever failed (a timeout, a connection closed at the end); the run goes on.
        catch (Exception)
#pragma warning restore CA1031
        {
            Interlocked.Increment(ref _historyFailed);
        }
        finally
        {
            Interlocked.Decrement(ref _resuming);
        }
    }

    private void OnDelivery(BenchPerson person, MessageDto message)
    {
        var at = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _deliveries);
        var no = ParseNumber(message.Text);
        var room = message.RoomId is { } id && person.Session.RoomIndex.TryGetValue(id, out var r) ? r : -1;
        Oracle.OnDelivery(person.Session.Index, person.Index, no, room, at);
        if (room >= 0) person.Saw(room, message.Seq);
        if (!_log.Contains(no)) return;
        var sent = _log[(int)no];
        var phase = _phases[sent.Phase];
        Interlocked.Increment(ref phase.Delivered);
        phase.Latency.Record(Stopwatch.GetElapsedTime(sent.Start, at));
    }

    /// <summary>Sends at <paramref name="ratePerPerson"/> messages per second per person for <paramref name="duration"/>, then drains.</summary>
    public async Task<PhaseOutcome> RunPhaseAsync(string name, double ratePerPerson, TimeSpan duration, Func<Task<ServerStats?>> sample, CancellationToken ct)
    {
        if (_phaseCount == _phases.Length) throw new InvalidOperationException("Too many phases for one run.");
        var phase = new Phase(_phaseCount, name, ratePerPerson, duration);
        Volatile.Write(ref _phases[_phaseCount], phase);
        _phaseCount++;
        var before = await sample();
        var clientCpu = Environment.CpuUsage.TotalTime;
        var started = Stopwatch.GetTimestamp();
        var loops = _sessions.SelectMany(s => s.People.Select(p => SendLoopAsync(p, phase, started, ct)))
            .Concat(_sessions.Select(s => MoveLoopAsync(s, phase, started, ct)));
        await Task.WhenAll(loops);
        var sending = Stopwatch.GetElapsedTime(started);
        var after = await sample();
        var clientCpuUsed = Environment.CpuUsage.TotalTime - clientCpu;
        await DrainAsync(ct);
        var missed = phase.LastMessage >= 0 ? Oracle.AfterPhase(phase.FirstMessage, phase.LastMessage) : 0;
        return new PhaseOutcome(phase, sending, before, after, clientCpuUsed, missed);
    }

    private async Task SendLoopAsync(BenchPerson person, Phase phase, long started, CancellationToken ct)
    {
        if (phase.RatePerPerson <= 0) return;
        var random = new Random(HashCode.Combine(_seed, phase.Id, person.Session.Index, person.Index));
        var interval = TimeSpan.FromSeconds(1 / phase.RatePerPerson);
        // Spread everyone's first send over one interval, so the load is even rather than in waves.
        var next = interval * random.NextDouble();
        try
        {
            while (next < phase.Duration && !ct.IsCancellationRequested)
            {
                var wait = next - Stopwatch.GetElapsedTime(started);
                if (wait > TimeSpan.Zero) await Task.Delay(wait, ct);
                next += interval;
                if (Volatile.Read(ref person.Outstanding) >= MaxOutstandingPerPerson)
                {
                    Interlocked.Increment(ref phase.Skipped);
                    continue;
                }
                _ = SendOneAsync(person, phase, PickRoom(person, random), ct);
            }
        }
        catch (OperationCanceledException)
        {
            // The run's deadline: stop sending.
        }
    }

    /// <summary>A room the person may write in as far as the bench knows now; a move in flight can make the server refuse it.</summary>
    private static int PickRoom(BenchPerson person, Random random)
    {
        if (person.Index == Cast.Mediator)
            return random.Next(4) switch { 0 or 1 => Cast.Joint, 2 => Cast.CaucusA, _ => Cast.CaucusB };
        var inJoint = SessionModel.Location(person.Session.Model.Latest, person.Index) == Cast.Joint;
        // Now and then a person in their caucus still writes to the joint room, as if typing while being
        // moved: CaucusRooms must refuse it and deliver it nowhere.
        if (!inJoint) return random.Next(100) < StaleSendPercent ? Cast.Joint : Cast.CaucusOf(Cast.SideOf(person.Index));
        return random.Next(10) < 7 ? Cast.Joint : Cast.CaucusOf(Cast.SideOf(person.Index));
    }

    private async Task SendOneAsync(BenchPerson person, Phase phase, int room, CancellationToken ct)
    {
        var no = _log.Begin(person.Session.Index, room, person.Index, phase.Id, Stopwatch.GetTimestamp());
        if (no < 0)
        {
            LogFull = true;
            Interlocked.Increment(ref phase.Skipped);
            return;
        }
        phase.Saw(no);
        Interlocked.Increment(ref phase.Sent);
        Interlocked.Increment(ref person.Outstanding);
        try
        {
            var accepted = await _driver.SendAsync(person, room, "m" + no.ToString(CultureInfo.InvariantCulture), Text(no), ct).WaitAsync(Hubs.CallTimeout, ct);
            var at = Stopwatch.GetTimestamp();
            _log.Answer(no, accepted ? SendStatus.Accepted : SendStatus.Refused, at);
            if (accepted)
            {
                Interlocked.Increment(ref phase.Accepted);
                Oracle.OnAccepted(no, at);
            }
            else
            {
                Interlocked.Increment(ref phase.Refused);
            }
        }
#pragma warning disable CA1031 // A failed send is counted, whatever failed; the run goes on.
        catch (Exception)
#pragma warning restore CA1031
        {
            _log.Answer(no, SendStatus.Failed, Stopwatch.GetTimestamp());
            Interlocked.Increment(ref phase.Failed);
        }
        finally
        {
            Interlocked.Decrement(ref person.Outstanding);
        }
    }

    private async Task MoveLoopAsync(BenchSession session, Phase phase, long started, CancellationToken ct)
    {
        var random = new Random(HashCode.Combine(_seed, phase.Id, session.Index, "moves"));
        var next = _moveEvery * (0.5 + random.NextDouble());
        try
        {
            while (next < phase.Duration && !ct.IsCancellationRequested && !session.MovesStopped)
            {
                var wait = next - Stopwatch.GetElapsedTime(started);
                if (wait > TimeSpan.Zero) await Task.Delay(wait, ct);
                next += _moveEvery * (0.5 + random.NextDouble());
                var person = 1 + random.Next(Cast.People - 1);
                var from = SessionModel.Location(session.Model.Latest, person);
                var to = from == Cast.Joint ? Cast.CaucusOf(Cast.SideOf(person)) : Cast.Joint;
                session.Model.BeginMove(person, to, Stopwatch.GetTimestamp());
                bool accepted;
                try
                {
                    accepted = await _driver.MoveAsync(session, person, from, to, ct).WaitAsync(Hubs.CallTimeout, ct);
                }
#pragma warning disable CA1031 // The move's outcome is unknown: it stays possibly-applied in the model and this session moves no more.
                catch (Exception)
#pragma warning restore CA1031
                {
                    session.MovesStopped = true;
                    Interlocked.Increment(ref phase.MovesFailed);
                    return;
                }
                session.Model.EndMove(accepted, Stopwatch.GetTimestamp());
                Interlocked.Increment(ref accepted ? ref phase.MovesAccepted : ref phase.MovesRefused);
            }
        }
        catch (OperationCanceledException)
        {
            // The run's deadline.
        }
    }

    /// <summary>Waits until every send and history resume has its answer and deliveries have stopped arriving (bounded).</summary>
    private async Task DrainAsync(CancellationToken ct)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(DrainTimeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline && (Volatile.Read(ref _resuming) > 0 || _sessions.Any(s => s.People.Any(p => Volatile.Read(ref p.Outstanding) > 0))))
            await Task.Delay(50, ct);
        var seen = Interlocked.Read(ref _deliveries);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(300, ct);
            var now = Interlocked.Read(ref _deliveries);
            if (now == seen) break;
            seen = now;
        }
    }

    private string Text(int no)
    {
        var head = no.ToString(CultureInfo.InvariantCulture) + ":";
        return head.Length >= _messageChars ? head : head + new string('x', _messageChars - head.Length);
    }

    internal static long ParseNumber(string? text)
    {
        if (text is null) return -1;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && long.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var no) ? no : -1;
    }
}

/// <summary>A phase after it drained, with the server's figures before and after its sending window.</summary>
internal sealed record PhaseOutcome(Phase Phase, TimeSpan Sending, ServerStats? Before, ServerStats? After, TimeSpan ClientCpu, long Missed);
