using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR.Client;

namespace CaucusRooms.Bench.Chaos;

/// <summary>Where a person is, as the chaos model writes it: a room index, or one of these.</summary>
internal static class Where
{
    public const int Lobby = -1, Removed = -2;
}

/// <summary>
/// One chaos session: its rooms (0 the joint room, 1…k the sides' caucuses, k+1 the mediators' room), its
/// people (0 the mediator) and the chain of location states the mediator's changes made. A state is possibly
/// current from the call of the change that made it until the answer of the change that ended it; a change
/// whose outcome is unknown (Unavailable, a dead node) keeps both states possible until the session is read again.
/// </summary>
internal sealed class ChaosSession
{
    private readonly Lock _gate = new();
    private readonly List<(int[] Locations, long From, long Until)> _states = [];

    public ChaosSession(int index, int sides)
    {
        Index = index;
        Sides = sides;
        RoomIds = new string[sides + 2];
        People.Add(new ChaosPerson(this, 0, "Mediator", -1));
        for (var side = 0; side < sides; side++)
        {
            People.Add(new ChaosPerson(this, People.Count, "Party", side));
            if (side == 0) People.Add(new ChaosPerson(this, People.Count, "Advisor", side));
        }
        _states.Add(([.. People.Select(p => p.Index == 0 ? 0 : Where.Lobby)], long.MinValue, long.MaxValue));
    }

    public int Index { get; }
    public int Sides { get; }
    public string SessionId { get; set; } = "";
    public string[] RoomIds { get; }
    public Dictionary<string, int> RoomIndex { get; } = new(StringComparer.OrdinalIgnoreCase);
    public List<ChaosPerson> People { get; } = [];
    public SemaphoreSlim Changes { get; } = new(1, 1);
    public const int Joint = 0;
    public int MediatorsRoom => Sides + 1;
    public int CaucusOf(int side) => side >= 0 && side < Sides ? side + 1 : throw new ArgumentOutOfRangeException(nameof(side));

    public static string SideName(int side) => $"S{side}";

    /// <summary>The product's read rule (also its write rule) for the chaos sessions' people.</summary>
    public bool MayRead(int[] locations, int person, int room)
    {
        if (person == 0) return room >= 0 && room < RoomIds.Length;
        var at = locations[person];
        if (at < 0) return false;
        return room == Joint ? at == Joint : room == CaucusOf(People[person].Side);
    }

    public int[] Latest
    {
        get { lock (_gate) return _states[^1].Locations; }
    }

    /// <summary>Records a change about to be called; the caller holds <see cref="Changes"/>.</summary>
    public void Begin(int[] next, long at)
    {
        lock (_gate) _states.Add((next, at, long.MaxValue));
    }

    /// <summary>The change was answered: applied or refused.</summary>
    public void End(bool applied, long at)
    {
        lock (_gate)
        {
            if (applied) _states[^2] = _states[^2] with { Until = at };
            else _states.RemoveAt(_states.Count - 1);
        }
    }

    /// <summary>The change's outcome is unknown; the session read back at <paramref name="at"/> says where everyone is.</summary>
    public void Resolve(int[] observed, long at)
    {
        lock (_gate)
        {
            _states[^2] = _states[^2] with { Until = at };
            _states[^1] = _states[^1] with { Until = at };
            _states.Add((observed, at, long.MaxValue));
        }
    }

    /// <summary>Every location change the mediator called, in order (the committed trail is checked against them).</summary>
    public List<ChaosCall> Calls { get; } = [];

    /// <summary>The last changes the mediator called (for a case report).</summary>
    public ConcurrentQueue<string> RecentChanges { get; } = new();

    public void NoteChange(string line)
    {
        RecentChanges.Enqueue(line);
        while (RecentChanges.Count > 6) RecentChanges.TryDequeue(out _);
    }

    /// <summary>Where <paramref name="person"/> was in each state possibly current in [from, to] and the one before, for a case report.</summary>
    public string Describe(long from, long to, int person, Func<long, string> time)
    {
        lock (_gate)
        {
            var parts = new List<string>();
            for (var i = _states.Count - 1; i >= 0; i--)
            {
                var s = _states[i];
                if (s.From > to) continue;
                parts.Add($"state {i} [{time(s.From)} … {time(s.Until)}]: at {s.Locations[person]}");
                if (s.Until < from) break;
            }
            parts.Reverse();
            return string.Join("; ", parts);
        }
    }

    /// <summary>Whether <paramref name="person"/> may read <paramref name="room"/> in some state possibly current in [from, to].</summary>
    public bool PossiblyEntitled(long from, long to, int person, int room)
    {
        lock (_gate)
        {
            for (var i = _states.Count - 1; i >= 0; i--)
            {
                var s = _states[i];
                if (s.From > to) continue;
                if (s.Until < from) break;
                if (MayRead(s.Locations, person, room)) return true;
            }
        }
        return false;
    }
}

internal sealed class ChaosPerson(ChaosSession session, int index, string role, int side)
{
    public ChaosSession Session { get; } = session;
    public int Index { get; } = index;
    public string Role { get; } = role;
    public int Side { get; } = side;
    public string Name => $"{Role} {Index} of session {Session.Index}";
    public string ParticipantId { get; set; } = "";
    public string Cookie { get; set; } = "";
    public ChaosTab[] Tabs { get; } = [new(), new()];
    public volatile bool Removed;
}

/// <summary>One browser tab: a hub connection (replaced on a reconnect), the seqs it saw, what this connection received.</summary>
internal sealed class ChaosTab
{
    public HubConnection? Connection;
    public int Node;
    public volatile bool Busy;
    public ConcurrentDictionary<long, byte> Received = new();
    public readonly ConcurrentDictionary<int, long> LastSeq = new();

    public bool Usable => !Busy && Connection is { State: HubConnectionState.Connected };

    public void Saw(int room, long seq) => LastSeq.AddOrUpdate(room, seq, (_, old) => Math.Max(old, seq));
}

internal static class Status
{
    public const int InFlight = 0, Accepted = 1, Refused = 2, Unknown = 3;
}

/// <summary>
/// One send of the run, by number (the number starts the text); once a copy of it came back: its id, the time the
/// server stamped it with (UTC ticks), and which people (a bit each) got it live or in a history answer.
/// </summary>
internal struct ChaosSent
{
    public int Session, Room, Sender, Status;
    public long Start, End;
    public long SentAtTicks;
    public int LiveTo, HistoryTo;
    public string? MessageId;
}
