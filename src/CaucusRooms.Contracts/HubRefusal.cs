using System.Diagnostics.CodeAnalysis;

namespace CaucusRooms.Contracts;

/// <summary>
/// A refused hub call as it travels: the hub error's text is <c>"&lt;Reason&gt;: &lt;sentence&gt;"</c>, for example
/// <c>NotEntitled: You may not write in that room now (you may have been moved). Your message was not sent.</c>
/// The official clients put it after their own prefix (<c>"… HubException: "</c>). The reason is a stable name of
/// letters only; the sentence is for people and may itself contain <c>": "</c>. The only code that writes or reads
/// this text.
/// </summary>
/// <param name="Reason">The stable, machine-readable reason (<c>NotEntitled</c>, <c>RateLimited</c>, …).</param>
/// <param name="Sentence">A sentence a person can act on.</param>
public sealed record HubRefusal(string Reason, string Sentence)
{
    /// <summary>Between the reason and the sentence.</summary>
    public const string Separator = ": ";

    /// <summary>What the official SignalR clients write just before the server's text in the error a caller catches.</summary>
    public const string ClientPrefixEnd = "HubException: ";

    /// <summary>The text the server sends: <c>"Reason: sentence"</c>.</summary>
    public static string Format(string reason, string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        if (!IsReason(reason)) throw new ArgumentException($"A refusal reason is a name of letters only, not \"{reason}\".", nameof(reason));
        return reason + Separator + sentence;
    }

    /// <summary>
    /// Reads a refusal from the server's text, or from the message of the error a client caught (the text after
    /// <see cref="ClientPrefixEnd"/>). The reason is the part before the first <see cref="Separator"/>; anything
    /// else (no separator, or words before it) is not a refusal.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out HubRefusal? refusal)
    {
        refusal = null;
        if (text is null) return false;
        var serverText = ServerText(text);
        if (!StartsWithReason(serverText)) return false;
        var separator = serverText.IndexOf(Separator, StringComparison.Ordinal);
        refusal = new HubRefusal(serverText[..separator], serverText[(separator + Separator.Length)..]);
        return true;
    }

    /// <summary>What a person should read of a failed call: the refusal's sentence, else the server's text, else the whole message.</summary>
    public static string SentenceOf(string errorMessage)
    {
        ArgumentNullException.ThrowIfNull(errorMessage);
        return TryParse(errorMessage, out var refusal) ? refusal.Sentence : ServerText(errorMessage);
    }

    /// <summary>The wire text, <c>"Reason: sentence"</c>.</summary>
    public override string ToString() => Format(Reason, Sentence);

    // The server's own text starts with its reason; a client's message starts with the client's words, so its
    // first marker ends the prefix (a sentence may contain the marker too).
    private static string ServerText(string text)
    {
        if (StartsWithReason(text)) return text;
        var marker = text.IndexOf(ClientPrefixEnd, StringComparison.Ordinal);
        return marker < 0 ? text : text[(marker + ClientPrefixEnd.Length)..];
    }

    private static bool StartsWithReason(string text)
    {
        var separator = text.IndexOf(Separator, StringComparison.Ordinal);
        return separator > 0 && IsReason(text[..separator]);
    }

    private static bool IsReason(string? reason) => !string.IsNullOrEmpty(reason) && reason.All(char.IsAsciiLetter);
}
