using System.Collections.Concurrent;
using System.Diagnostics;

namespace CaucusRooms.Bench.Oracle;

/// <summary>
/// Judges every delivery the bench's connections receive against the entitlements at the moment
/// of sending (see <see cref="SessionModel"/>), and every accepted send against the sender's.
/// A single violation is a leak: the run fails and the case is printed.
/// </summary>
internal sealed class LeakOracle(IReadOnlyList<SessionModel> sessions, SentLog log, long origin)
{
    private const int KeepCases = 20;
    private readonly ConcurrentQueue<string> _cases = new();
    private long _leaks;
    private long _checked;
    private long _duplicates;

    public long Leaks => Interlocked.Read(ref _leaks);

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
        if (!log.Contains(no))
            return Leak($"session {receiverSession}: {Cast.PersonName(receiver)} received message #{no}, which the bench never sent (at {Ms(at)})");
        var n = (int)no;
        var sent = log[n];
        if (sent.Session != receiverSession)
            return Leak($"message #{no} sent by {Cast.PersonName(sent.Sender)} of session {sent.Session} to its {Cast.RoomName(sent.Room)} " +
                $"reached {Cast.PersonName(receiver)} of session {receiverSession} (at {Ms(at)})");
        if (deliveredRoom != sent.Room)
            return Leak($"session {sent.Session}: message #{no} sent to the {Cast.RoomName(sent.Room)} by {Cast.PersonName(sent.Sender)} " +
                $"was delivered to {Cast.PersonName(receiver)} labelled as {(deliveredRoom < 0 ? "a room of no session of theirs" : "the " + Cast.RoomName(deliveredRoom))} (re-routed)");
        if (!log.MarkReceived(n, receiver)) Interlocked.Increment(ref _duplicates);
        var end = Volatile.Read(ref log[n].End);
        var until = end > 0 ? Math.Min(end, at) : at;
        var model = sessions[sent.Session];
        model.Entitled(sent.Start, until, receiver, sent.Room, out var possibly, out _);
        if (possibly) return true;
        return Leak($"session {sent.Session}: message #{no} sent by {Cast.PersonName(sent.Sender)} to the {Cast.RoomName(sent.Room)} " +
            $"in flight {Ms(sent.Start)} … {Ms(until)} was delivered to {Cast.PersonName(receiver)} at {Ms(at)}, who was not entitled to that room " +
            $"in any state possibly current then: {model.Describe(sent.Start, until, Ms)}");
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
    /// After a phase has drained: a refused send must have reached nobody; returns how many accepted
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
