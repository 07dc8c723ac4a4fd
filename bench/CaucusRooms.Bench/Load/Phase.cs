namespace CaucusRooms.Bench.Load;

/// <summary>One stretch of traffic at one send rate, and everything counted in it.</summary>
internal sealed class Phase(int id, string name, double ratePerPerson, TimeSpan duration)
{
    public int Id { get; } = id;
    public string Name { get; } = name;
    public double RatePerPerson { get; } = ratePerPerson;
    public TimeSpan Duration { get; } = duration;
    public LatencyHistogram Latency { get; } = new();
    public int FirstMessage { get; set; } = int.MaxValue;
    public int LastMessage { get; set; } = -1;

    private readonly Lock _gate = new();

    public long Sent;
    public long Accepted;
    public long Refused;
    public long Failed;
    public long Skipped;
    public long Delivered;
    public long MovesAccepted;
    public long MovesRefused;
    public long MovesFailed;

    public void Saw(int no)
    {
        lock (_gate)
        {
            if (no < FirstMessage) FirstMessage = no;
            if (no > LastMessage) LastMessage = no;
        }
    }
}
