namespace CaucusRooms.Client.Tests;

/// <summary>Rooms, people and messages of one sample session (sides Claimant and Respondent).</summary>
internal static class Sample
{
    public const string JointId = "joint-0001";
    public const string CaucusAId = "caucus-claimant";
    public const string CaucusBId = "caucus-respondent";

    public static MyRoomDto Joint { get; } = new(JointId, "Joint", null, "Everyone");

    public static MyRoomDto CaucusA { get; } = new(CaucusAId, "Caucus", "Claimant", "Private — Claimant and mediator");

    public static MyRoomDto CaucusB { get; } = new(CaucusBId, "Caucus", "Respondent", "Private — Respondent and mediator");

    private static long _seq;

    public static MessageDto Message(string roomId, string text, string sender = "Alice", long? seq = null) =>
        new(Guid.NewGuid().ToString("N"), roomId, seq ?? Interlocked.Increment(ref _seq), $"id-{sender}", sender, text, DateTimeOffset.UnixEpoch);

    /// <summary>Alice of the Claimant side, located in <paramref name="roomId"/>.</summary>
    public static MyStateDto Alice(string? roomId, string location = "Room") =>
        new("id-Alice", "Alice", "Party", "Claimant", location, roomId, true, false,
            location == "Room" ? (roomId == JointId ? [Joint, AlicesCaucus] : [AlicesCaucus]) : [], 7, null);

    /// <summary>The Claimant's private room as the service describes it to Alice: her side decides consent there.</summary>
    private static MyRoomDto AlicesCaucus { get; } = CaucusA with { DecidesConsent = true };
}

/// <summary>A send that records where each message went and answers as told.</summary>
internal sealed class RecordingSender
{
    public List<(string RoomId, string Text)> Sent { get; } = [];

    public Func<string, SendResult> Answer { get; set; } = _ => SendResult.Sent;

    public Task<SendResult> SendAsync(string roomId, string text)
    {
        Sent.Add((roomId, text));
        return Task.FromResult(Answer(roomId));
    }
}
