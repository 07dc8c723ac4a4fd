using System.Collections.Concurrent;
using System.Diagnostics;

namespace CaucusRooms.Bench.Oracle;

/// <summary>
/// Judges every delivery the bench's connections receive against the entitlements at the moment
/// of sending (see <see cref="SessionModel"/>), every message of every history answer against the
/// same rule (a message's readers are fixed when it is sent), and every accepted send against the
/// sender's. A single violation is a leak: the run fails and the case is printed.
/// </summary>
internal sealed class LeakOracle(IReadOnlyList<SessionModel> sessions, SentLog log, long origin)
{
    private const int KeepCases = 20;
    private readonly ConcurrentQueue<string> _cases = new();
    private long _leaks;
    private long _checked;
    private long _duplicates;
    private long _historyAnswers;
    private long _historyChecked;

    public long Leaks => Interlocked.Read(ref _leaks);

    /// <summary>History answers judged (one per <c>GetHistory</c> call answered).</summary>
    public long HistoryAnswers => Interlocked.Read(ref _historyAnswers);

    /// <summary>Messages judged in those answers.</summary>
    public long HistoryChecked => Interlocked.Read(ref _historyChecked);

    public long Checked => Interlocked.Read(ref _checked);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>The first cases, each a sentence with the people, rooms, times and states involved.</summary>
    public IReadOnlyList<string> Cases => [.. _cases];

    /// <summary>
    /// A connection of <paramref name="receiver"/> in session <paramref name="receiverSession"/> received
    /// message <paramref name="no"/> labelled with room <paramref name="deliveredRoom"/> (the room's index in
    /// the receiver's session, -1 when the room id is not one of its session's rooms) at <paramref name="at"/>.
    /// Returns false when it is a leak.
    /// </summary>
    public bool OnDelivery(int receiverSession, int receiver, long no, int deliveredRoom, long at)
    {
        Interlocked.Increment(ref _checked);
        return Judge(receiverSession, receiver, no, room: -1, deliveredRoom, at, live: true);
    }

    /// <summary>
    /// <paramref name="caller"/> of session <paramref name="callerSession"/> asked for the history of room
    /// <paramref name="room"/> and got <paramref name="answer"/> at <paramref name="at"/>: each message's number and
    /// the room it was labelled with (-1 when not a room of the caller's session). Each must be a message of that
    /// room whose readers included the caller: entitled to the room in some state possibly current between its send
    /// and its ack (the instant its readers were fixed lies there; before <paramref name="at"/> if no answer came: see <see cref="SendWindow"/>).
    /// A mediator may read every room, so sees every message. Returns false when the answer holds a leak.
    /// </summary>
    public bool OnHistory(int callerSession, int caller, int room, IEnumerable<(long No, int Room)> answer, long at)
    {
        ArgumentNullException.ThrowIfNull(answer);
        Interlocked.Increment(ref _historyAnswers);
        var clean = true;
        foreach (var (no, labelled) in answer)
        {
            Interlocked.Increment(ref _historyChecked);
            clean &= Judge(callerSession, caller, no, room, labelled, at, live: false);
        }
        return clean;
    }

    /// <summary>
    /// One message that reached <paramref name="person"/>: live (<paramref name="room"/> -1: the room it was sent to)
    /// or in the history of <paramref name="room"/>; <paramref name="labelled"/> is the room it came labelled with.
    /// </summary>
    private bool Judge(int session, int person, long no, int room, int labelled, long at, bool live)
    {
        var who = $"{Cast.PersonName(person)} of session {session}";
        var how = live ? $"reached {who} at {Ms(at)}" : $"was in the history of the {Cast.RoomName(room)} that {who} got at {Ms(at)}";
        if (!log.Contains(no)) return Leak($"message #{no}, which the bench never sent, {how}");
        var n = (int)no;
        var sent = log[n];
        var what = $"message #{no} sent by {Cast.PersonName(sent.Sender)} of session {sent.Session} to its {Cast.RoomName(sent.Room)}";
        if (sent.Session != session) return Leak($"{what} {how}");
        if (labelled != sent.Room || (!live && room != sent.Room))
            return Leak($"session {session}: {what} {how}, labelled as {(labelled < 0 ? "a room of no session of theirs" : "the " + Cast.RoomName(labelled))} (re-routed)");
        if (!live) log.MarkInHistory(n, person);
        else if (!log.MarkReceived(n, person)) Interlocked.Increment(ref _duplicates);
        // A send that failed on the client had no answer from the server: its End is the client's, not a bound.
        var answered = Volatile.Read(ref log[n].Status) == SendStatus.Failed ? 0 : Volatile.Read(ref log[n].End);
        var until = SendWindow.ReadersFixedBy(answered, at);
        var model = sessions[sent.Session];
        model.Entitled(sent.Start, until, person, sent.Room, out var possibly, out _);
        if (possibly) return true;
        return Leak($"session {session}: {what} in flight {Ms(sent.Start)} … {Ms(until)} {how}, who was not " +
            $"{(live ? "entitled to that room" : "a reader of it (not entitled to that room)")} in any state possibly current then: {model.Describe(sent.Start, until, Ms)}");
    }

    /// <summary>The server accepted a send: its sender must have been entitled to write there while it was in flight.</summary>
    public bool OnAccepted(int no, long at)
    {
        var sent = log[no];
        var model = sessions[sent.Session];
        model.Entitled(sent.Start, at, sent.Sender, sent.Room, out var possibly, out _);
        if (possibly) return true;
        return Leak($"session {sent.Session}: the server accepted message #{no} from {Cast.PersonName(sent.Sender)} to the {Cast.RoomName(sent.Room)} " +
            $"(in flight {Ms(sent.Start)} … {Ms(at)}), who could not write there in any state possibly current then: {model.Describe(sent.Start, at, Ms)}");
    }

    /// <summary>
    /// After a phase has drained: a refused send must have reached nobody, live or in history; returns how many accepted
    /// messages missed someone who was entitled to them throughout their flight (not a leak, but a loss).
    /// </summary>
    public long AfterPhase(int first, int last)
    {
        long missed = 0;
        for (var n = first; n <= last && n < log.Count; n++)
        {
            var sent = log[n];
            if (sent.Status == SendStatus.Refused && sent.ReceivedBy != 0)
                Leak($"session {sent.Session}: message #{n} from {Cast.PersonName(sent.Sender)} to the {Cast.RoomName(sent.Room)} was refused, " +
                    $"yet delivered (people bitmask {sent.ReceivedBy:b5})");
            if (sent.Status == SendStatus.Refused && sent.InHistoryOf != 0)
                Leak($"session {sent.Session}: message #{n} from {Cast.PersonName(sent.Sender)} to the {Cast.RoomName(sent.Room)} was refused, " +
                    $"yet in a history answer (people bitmask {sent.InHistoryOf:b5})");
            if (sent.Status != SendStatus.Accepted) continue;
            var model = sessions[sent.Session];
            for (var p = 0; p < Cast.People; p++)
            {
                model.Entitled(sent.Start, sent.End, p, sent.Room, out _, out var certainly);
                if (certainly && (sent.ReceivedBy & (1 << p)) == 0) missed++;
            }
        }
        return missed;
    }

    private bool Leak(string description)
    {
        if (Interlocked.Increment(ref _leaks) <= KeepCases) _cases.Enqueue("LEAK: " + description);
        return false;
    }

    private string Ms(long ticks) => ticks switch
    {
        long.MinValue => "start",
        long.MaxValue => "no ack yet",
        _ => $"{Stopwatch.GetElapsedTime(origin, ticks).TotalMilliseconds:0.0} ms",
    };
}
