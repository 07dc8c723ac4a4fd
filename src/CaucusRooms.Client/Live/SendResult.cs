namespace CaucusRooms.Client.Live;

/// <summary>What became of one send: stored with its room, or refused with a sentence a person can act on.</summary>
public sealed record SendResult(bool IsSent, string? Refusal)
{
    public static SendResult Sent { get; } = new(true, null);

    public static SendResult Refused(string why) => new(false, why);
}

/// <summary>Reads the hub's refusals ("Reason: sentence") as the sentence alone.</summary>
public static class HubRefusals
{
    public static string Sentence(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var text = error.Message;
        // SignalR prefixes server errors with "An unexpected error occurred invoking 'X' on the server. HubException: ".
        var marker = text.IndexOf("HubException: ", StringComparison.Ordinal);
        if (marker >= 0) text = text[(marker + "HubException: ".Length)..];
        var colon = text.IndexOf(": ", StringComparison.Ordinal);
        return colon > 0 && !text[..colon].Contains(' ', StringComparison.Ordinal) ? text[(colon + 2)..] : text;
    }
}
