using System.Globalization;
using CaucusRooms.Contracts;

namespace CaucusRooms.Bench.Chaos;

/// <summary>
/// One location change the mediator called, as the bench saw it: whom, to where (a room index or <see cref="Where"/>),
/// when it was called and answered (UTC, the clock the nodes stamp their trail with), the outcome, and for an
/// outcome the bench could not know, when the session was read back and what it said then.
/// </summary>
internal sealed record ChaosCall(int Person, int Target, string Method, int Node, DateTimeOffset Called, DateTimeOffset Answered, int Outcome)
{
    public DateTimeOffset? ReadBack { get; set; }

    public int? ReadBackLocation { get; set; }

    /// <summary>What the client saw when the call failed (Unavailable, or the exception).</summary>
    public string? Error { get; init; }
}

/// <summary>
/// Where each person of a chaos session was, as the server committed it: the session's audit trail replayed
/// (Admitted, Moved, Removed, each stamped under the session's lock when the change was decided). A send is
/// stamped under the same lock, so a message's sent time orders it against every committed change: its readers
/// are exactly the people entitled to its room in the state this replay gives at that time.
/// </summary>
internal sealed class CommittedRecord
{
    private readonly ChaosSession _session;
    private readonly List<(DateTimeOffset At, int Person, int Location, long Seq)> _changes = [];
    private readonly List<(int Person, int Location, DateTimeOffset From, DateTimeOffset Until)> _unrecorded = [];

    private CommittedRecord(ChaosSession session) => _session = session;

    /// <summary>The committed location changes, in the trail's order.</summary>
    public IReadOnlyList<(DateTimeOffset At, int Person, int Location, long Seq)> Changes => _changes;

    /// <summary>Entries of the trail this replay could not place (a person or room the bench does not know).</summary>
    public List<string> Unreadable { get; } = [];

    public static CommittedRecord From(ChaosSession session, IEnumerable<AuditEntryDto> trail)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(trail);
        var record = new CommittedRecord(session);
        foreach (var e in trail.OrderBy(e => e.Seq))
        {
            if (e.Kind is not ("Admitted" or "Moved" or "Removed")) continue;
            var person = session.People.FindIndex(p => string.Equals(p.ParticipantId, e.TargetId, StringComparison.OrdinalIgnoreCase));
            if (person == 0) continue; // the mediator reads every room wherever they are
            var location = e.Kind == "Removed" ? Where.Removed : RoomOf(session, e.To);
            if (person < 0 || location is null)
            {
                record.Unreadable.Add($"#{e.Seq} {e.Kind} {e.TargetId} to {e.To}");
                continue;
            }
            record._changes.Add((e.At, person, location.Value, e.Seq));
        }
        return record;
    }

    private static int? RoomOf(ChaosSession session, string? label) => label switch
    {
        "Joint" => ChaosSession.Joint,
        "Mediators" => session.MediatorsRoom,
        { } l when l.StartsWith("Caucus S", StringComparison.Ordinal) && int.TryParse(l.AsSpan("Caucus S".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var side) && side < session.Sides => session.CaucusOf(side),
        _ => null,
    };

    /// <summary>Changes the server committed without an entry in its trail (see <see cref="AddUnrecorded"/>).</summary>
    public int UnrecordedCount => _unrecorded.Count;

    /// <summary>
    /// A change the server committed that its trail lacks (the node stored the session, then lost Redis or died before
    /// the trail's entry): a call of unknown outcome made at <paramref name="from"/>, the session read back at
    /// <paramref name="until"/> with the person at <paramref name="location"/> where the trail still has them elsewhere.
    /// It took effect somewhere in between, so there both locations count; from <paramref name="until"/> on, the new one.
    /// </summary>
    public void AddUnrecorded(int person, int location, DateTimeOffset from, DateTimeOffset until)
    {
        _unrecorded.Add((person, location, from, until));
        var index = _changes.FindIndex(c => c.At > until);
        _changes.Insert(index < 0 ? _changes.Count : index, (until, person, location, 0));
    }

    /// <summary>Everyone's location in the committed state current at <paramref name="at"/>.</summary>
    public int[] StateAt(DateTimeOffset at)
    {
        var locations = _session.People.Select(p => p.Index == 0 ? ChaosSession.Joint : Where.Lobby).ToArray();
        foreach (var c in _changes)
        {
            if (c.At >= at) break;
            locations[c.Person] = c.Location;
        }
        return locations;
    }

    /// <summary>Everyone's location after the last committed change.</summary>
    public int[] Final => StateAt(DateTimeOffset.MaxValue);

    /// <summary>Whether <paramref name="person"/> was entitled to <paramref name="room"/> when a message stamped <paramref name="sentAt"/> was sent.</summary>
    /// <remarks>Within the span of a change the trail lacks, the location before it counts and so does the one after.</remarks>
    public bool WasReader(DateTimeOffset sentAt, int person, int room)
    {
        var state = StateAt(sentAt);
        if (_session.MayRead(state, person, room)) return true;
        foreach (var (who, location, from, until) in _unrecorded)
        {
            if (who != person || sentAt < from || sentAt > until) continue;
            var other = (int[])state.Clone();
            other[person] = location;
            if (_session.MayRead(other, person, room)) return true;
        }
        return false;
    }

    /// <summary>The committed changes of <paramref name="person"/> within <paramref name="span"/> of <paramref name="at"/> (and the one before), for a case report.</summary>
    public string Describe(int person, DateTimeOffset at, TimeSpan span, Func<DateTimeOffset, string> time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var mine = _changes.Where(c => c.Person == person).ToList();
        var before = mine.LastOrDefault(c => c.At < at - span);
        var near = mine.Where(c => c.At >= at - span && c.At <= at + span);
        var shown = (before.At != default ? near.Prepend(before) : near).Select(c => c.Seq == 0
            ? $"unrecorded change (read back) by {time(c.At)} → {c.Location}"
            : $"trail #{c.Seq} at {time(c.At)} → {c.Location}");
        return string.Join("; ", shown) is { Length: > 0 } s ? s : "no committed change near then";
    }
}
