using CaucusRooms.Bench.Oracle;

namespace CaucusRooms.Bench.Tests.Oracle;

/// <summary>What every oracle test starts from: two bench sessions (everyone in the joint room), a log, the oracle over them, and crafted sends.</summary>
internal sealed class CraftedRun
{
    public CraftedRun() => Oracle = new LeakOracle([First, Second], Log, origin: 0);

    public SessionModel First { get; } = new();

    public SessionModel Second { get; } = new();

    public SentLog Log { get; } = new(100);

    public LeakOracle Oracle { get; }

    /// <summary>The mediator of the first session moves <paramref name="person"/> to <paramref name="room"/>: called at <paramref name="call"/>, acked at <paramref name="ack"/>.</summary>
    public void Moved(int person, int room, long call, long ack)
    {
        First.BeginMove(person, room, call);
        First.EndMove(accepted: true, ack);
    }

    /// <summary>Logs a send from <paramref name="start"/>, answered at <paramref name="end"/> (0: no answer yet); returns its number.</summary>
    public int Sent(int session, int sender, int room, long start, long end, int status = SendStatus.Accepted)
    {
        var no = Log.Begin(session, room, sender, phase: 0, start);
        if (end > 0) Log.Answer(no, status, end);
        return no;
    }
}
