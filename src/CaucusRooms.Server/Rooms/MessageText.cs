using System.Diagnostics.CodeAnalysis;
using CaucusRooms.Contracts;

namespace CaucusRooms.Server.Rooms;

/// <summary>
/// What a message text (or a relayed summary) must be: not empty, at most
/// <see cref="HubPaths.MaxMessageLength"/> characters, and valid Unicode. A lone surrogate (half
/// of a pair, which a JSON <c>\uD800</c> escape can carry) cannot be stored as UTF-8 or shown,
/// so it is refused by name instead of being silently replaced.
/// </summary>
internal static class MessageText
{
    /// <summary>True, with the sentence to tell the sender, when <paramref name="text"/> is not a message that can be sent.</summary>
    public static bool IsRefused([NotNullWhen(false)] string? text, [NotNullWhen(true)] out string? problem)
    {
        problem = string.IsNullOrWhiteSpace(text) ? "A message must not be empty."
            : text.Length > HubPaths.MaxMessageLength ? $"A message may have at most {HubPaths.MaxMessageLength} characters; this one has {text.Length}."
            : LoneSurrogateAt(text) is var at and >= 0 ? $"A message must be valid Unicode text; character {at + 1} is half of a surrogate pair (U+{(int)text[at]:X4})."
            : null;
        return problem is not null;
    }

    /// <summary>The index of the first surrogate without its partner, or -1.</summary>
    public static int LoneSurrogateAt(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(text[i])) return i;
        }
        return -1;
    }
}
