namespace CaucusRooms.Client.Live;

/// <summary>What became of one send: stored with its room, or refused with a sentence a person can act on.</summary>
public sealed record SendResult(bool IsSent, string? Refusal)
{
    public static SendResult Sent { get; } = new(true, null);

    public static SendResult Refused(string why) => new(false, why);
}
