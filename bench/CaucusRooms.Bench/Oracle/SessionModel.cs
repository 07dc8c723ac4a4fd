namespace CaucusRooms.Bench.Oracle;

/// <summary>
/// What the bench knows about who may read which room of one session, over time. The mediator
/// moves one person at a time and waits for the ack, so the session's entitlements are a chain of
/// states; each move took effect at some instant between its call and its ack, which the bench
/// cannot see more precisely. A state is therefore "possibly current" from the call of the move
/// that made it until the ack of the move that ended it, and a send is judged against every state
/// that was possibly current while it was in flight. That is generous to the server only inside a
/// move's own call-to-ack window; anything outside it is a leak.
/// </summary>
internal sealed class SessionModel
{
    private readonly Lock _gate = new();
    private readonly List<Entry> _states = [];
    private bool _movePending;

    /// <summary>Everyone admitted, every party and advisor in the joint room.</summary>
    public SessionModel() : this(AllInJoint) { }

    public SessionModel(int locations) => _states.Add(new Entry(locations, long.MinValue, long.MaxValue));

    /// <summary>Locations of the five people, two bits each (room index); the mediator's does not matter for reading.</summary>
    public static int AllInJoint => 0;

    public static int Location(int locations, int person) => (locations >> (2 * person)) & 3;

    public static int WithLocation(int locations, int person, int room) => (locations & ~(3 << (2 * person))) | (room << (2 * person));

    /// <summary>The product's read rule (which is also its write rule), for the bench's five people.</summary>
    public static bool MayRead(int locations, int person, int room)
    {
        if (person == Cast.Mediator) return true;
        return room switch
        {
            Cast.Joint => Location(locations, person) == Cast.Joint,
            Cast.CaucusA or Cast.CaucusB => Cast.CaucusOf(Cast.SideOf(person)) == room,
            _ => false,
        };
    }

    /// <summary>The locations of the newest state (including a move still in flight): what a client believes now.</summary>
    public int Latest
    {
        get { lock (_gate) return _states[^1].Locations; }
    }

    public int MovesAccepted { get; private set; }

    /// <summary>Records that the mediator is about to move <paramref name="person"/>; returns the state it would make.</summary>
    public void BeginMove(int person, int room, long at)
    {
        lock (_gate)
        {
            if (_movePending) throw new InvalidOperationException("One move at a time: the previous one has no ack yet.");
            _movePending = true;
            _states.Add(new Entry(WithLocation(_states[^1].Locations, person, room), at, long.MaxValue));
        }
    }

    /// <summary>The move's ack (accepted) or refusal. A move that never answered stays possibly-applied forever.</summary>
    public void EndMove(bool accepted, long at)
    {
        lock (_gate)
        {
            if (!_movePending) throw new InvalidOperationException("No move is in flight.");
            _movePending = false;
            if (accepted)
            {
                _states[^2] = _states[^2] with { ValidUntil = at };
                MovesAccepted++;
            }
            else
            {
                _states.RemoveAt(_states.Count - 1);
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="person"/> may read <paramref name="room"/> in some state possibly current
    /// between <paramref name="from"/> and <paramref name="to"/> (<paramref name="possibly"/>), and in
    /// every such state (<paramref name="certainly"/>).
    /// </summary>
    public void Entitled(long from, long to, int person, int room, out bool possibly, out bool certainly)
    {
        possibly = false;
        certainly = true;
        lock (_gate)
        {
            for (var i = _states.Count - 1; i >= 0; i--)
            {
                var s = _states[i];
                if (s.ValidFrom > to) continue;
                if (s.ValidUntil < from) break;
                if (MayRead(s.Locations, person, room)) possibly = true;
                else certainly = false;
            }
        }
    }

    /// <summary>The possibly-current states over a window, for a leak report.</summary>
    public string Describe(long from, long to, Func<long, string> time)
    {
        lock (_gate)
        {
            var parts = new List<string>();
            for (var i = _states.Count - 1; i >= 0; i--)
            {
                var s = _states[i];
                if (s.ValidFrom > to) continue;
                if (s.ValidUntil < from) break;
                parts.Add($"state {i} [{time(s.ValidFrom)} … {time(s.ValidUntil)}]: {DescribeLocations(s.Locations)}");
            }
            parts.Reverse();
            return string.Join("; ", parts);
        }
    }

    public static string DescribeLocations(int locations) =>
        string.Join(", ", Enumerable.Range(1, Cast.People - 1).Select(p => $"{Cast.PersonName(p)} in {Cast.RoomName(Location(locations, p))}"));

    private readonly record struct Entry(int Locations, long ValidFrom, long ValidUntil);
}
