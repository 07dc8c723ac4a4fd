namespace CaucusRooms.Bench.Oracle;

/// <summary>One message the bench sent: where, by whom, when it left and when its answer came back.</summary>
internal struct SentMessage
{
    public int Session;
    public int Room;
    public int Sender;
    public int Phase;
    /// <summary>Stopwatch ticks just before the send was written to the socket.</summary>
    public long Start;
    /// <summary>Stopwatch ticks of the ack or refusal; 0 while in flight.</summary>
    public long End;
    public int Status;
    /// <summary>One bit per person of the session who received it.</summary>
    public int ReceivedBy;
    /// <summary>One bit per person of the session whose history answer held it.</summary>
    public int InHistoryOf;
}

internal static class SendStatus
{
    public const int InFlight = 0, Accepted = 1, Refused = 2, Failed = 3;
}

/// <summary>
/// Every message of a run, by number (the number travels at the start of the text). A fixed
/// capacity bounds the run: when it is full the bench sends nothing more and says so.
/// </summary>
internal sealed class SentLog(int capacity)
{
    private readonly SentMessage[] _messages = new SentMessage[capacity];
    private int _next = -1;

    public int Capacity => _messages.Length;

    /// <summary>How many numbers were handed out (some may be unused at the very end).</summary>
    public int Count => Math.Min(Volatile.Read(ref _next) + 1, _messages.Length);

    /// <summary>A fresh number for a send, or -1 when the log is full.</summary>
    public int Begin(int session, int room, int sender, int phase, long start)
    {
        var no = Interlocked.Increment(ref _next);
        if (no >= _messages.Length) return -1;
        ref var m = ref _messages[no];
        m.Session = session;
        m.Room = room;
        m.Sender = sender;
        m.Phase = phase;
        m.Start = start;
        return no;
    }

    public ref SentMessage this[int no] => ref _messages[no];

    public bool Contains(long no) => no >= 0 && no < Count;

    public void Answer(int no, int status, long at)
    {
        ref var m = ref _messages[no];
        Volatile.Write(ref m.End, at);
        Volatile.Write(ref m.Status, status);
    }

    /// <summary>Marks a delivery to <paramref name="person"/>; false when that person had already received it.</summary>
    public bool MarkReceived(int no, int person)
    {
        var bit = 1 << person;
        return (Interlocked.Or(ref _messages[no].ReceivedBy, bit) & bit) == 0;
    }

    /// <summary>Marks that a history answer to <paramref name="person"/> held the message.</summary>
    public void MarkInHistory(int no, int person) => Interlocked.Or(ref _messages[no].InHistoryOf, 1 << person);
}
