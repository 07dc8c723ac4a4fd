namespace CaucusRooms.Client.Live;

/// <summary>
/// Warns a mediator who is about to write in the joint room something that closely matches what a
/// side said in its private room (the "slip of the keyboard"): most of a caucus message's words again.
/// </summary>
public static class ShareGuard
{
    private const double Overlap = 0.6;
    private const int MinSharedWords = 3;

    /// <summary>The first private text the draft closely matches, or null.</summary>
    public static string? Resembles(string draft, IEnumerable<string> privateTexts)
    {
        ArgumentNullException.ThrowIfNull(privateTexts);
        var words = Words(draft);
        if (words.Count < MinSharedWords) return null;
        foreach (var text in privateTexts)
        {
            var theirs = Words(text);
            if (theirs.Count < MinSharedWords) continue;
            var shared = theirs.Count(words.Contains);
            if (shared >= MinSharedWords && shared >= Overlap * theirs.Count) return text;
        }
        return null;
    }

    private static HashSet<string> Words(string? text) =>
        [.. (text ?? "").ToUpperInvariant()
            .Split(c => !char.IsLetterOrDigit(c))
            .Where(w => w.Length >= 3)];

    private static string[] Split(this string text, Func<char, bool> isSeparator)
    {
        var parts = new List<string>();
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && !isSeparator(text[i])) continue;
            if (i > start) parts.Add(text[start..i]);
            start = i + 1;
        }
        return [.. parts];
    }
}
