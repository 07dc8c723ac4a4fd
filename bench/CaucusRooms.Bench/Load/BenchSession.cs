using CaucusRooms.Bench.Oracle;
using Microsoft.AspNetCore.SignalR.Client;

namespace CaucusRooms.Bench.Load;

/// <summary>One simulated mediation: five people, four rooms, and the oracle's model of who may read what.</summary>
internal sealed class BenchSession
{
    public BenchSession(int index)
    {
        Index = index;
        People = [.. Enumerable.Range(0, Cast.People).Select(i => new BenchPerson(this, i))];
    }

    public int Index { get; }
    public string SessionId { get; set; } = "";
    public string[] RoomIds { get; } = new string[Cast.Rooms];
    public BenchPerson[] People { get; }
    public SessionModel Model { get; } = new();

    /// <summary>Set when a move never answered: its outcome is unknown, so this session moves no more.</summary>
    public bool MovesStopped { get; set; }

    /// <summary>Room id → room index, for reading deliveries.</summary>
    public Dictionary<string, int> RoomIndex { get; } = new(StringComparer.OrdinalIgnoreCase);

    public void SetRoom(int room, string id)
    {
        RoomIds[room] = id;
        RoomIndex[id] = room;
    }
}

/// <summary>One person of a bench session with their one hub connection.</summary>
internal sealed class BenchPerson(BenchSession session, int index)
{
    public BenchSession Session { get; } = session;
    public int Index { get; } = index;
    public string DisplayName => $"{Cast.PersonName(Index)} {Session.Index}";
    public string ParticipantId { get; set; } = "";
    public string Cookie { get; set; } = "";
    public HubConnection? Connection { get; set; }

    /// <summary>The baseline's id of <see cref="Connection"/>, as its hub answered it (the raw hub's moves name connections).</summary>
    public string RawConnectionId { get; set; } = "";

    /// <summary>Sends answered not yet (bounded per person, so an overloaded server cannot make the bench pile up work).</summary>
    public int Outstanding;

    /// <summary>The highest seq this person has seen per room (live or in history): where a resume starts, as in the real client.</summary>
    public long[] LastSeq { get; } = new long[Cast.Rooms];

    /// <summary>Raises <see cref="LastSeq"/> of <paramref name="room"/> to <paramref name="seq"/> (deliveries and resumes run concurrently).</summary>
    public void Saw(int room, long seq)
    {
        long seen;
        while (seq > (seen = Volatile.Read(ref LastSeq[room])) && Interlocked.CompareExchange(ref LastSeq[room], seq, seen) != seen) { }
    }
}
