using System.Globalization;
using System.Text;

namespace CaucusRooms.Client.Composing;

/// <summary>A caucus item the guard compares a draft against.</summary>
/// <param name="RoomId">The caucus it was said in.</param>
/// <param name="MessageId">The item.</param>
/// <param name="Text">What was said.</param>
/// <param name="IsShareable">True when its side marked it as shareable: such items never trigger the warning.</param>
public sealed record CaucusItem(string RoomId, string MessageId, string Text, bool IsShareable);

/// <summary>
/// The misdirected-send guard of the mediator's composers: before a text goes into the joint room
/// or another side's caucus, it is compared with what was said in each caucus that is not shareable.
/// A long run of the same words (or a short item repeated whole) is a likely slip of the keyboard.
/// </summary>
public static class MisdirectionGuard
{
    /// <summary>This many words in a row, the same in the draft and a caucus item, trigger the warning.</summary>
    public const int RunLength = 5;

    /// <summary>Items shorter than <see cref="RunLength"/> words trigger it when repeated whole, from this many words up.</summary>
    public const int ShortItemWords = 3;

    /// <summary>The first non-shareable item of another caucus that the draft closely repeats, or null.</summary>
    /// <param name="draft">What the mediator is about to send.</param>
    /// <param name="targetRoomId">Where it would go.</param>
    /// <param name="items">Caucus items known to the mediator's client.</param>
    public static CaucusItem? FindMatch(string draft, string targetRoomId, IEnumerable<CaucusItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var words = Words(draft);
        if (words.Count < ShortItemWords) return null;
        var runs = Runs(words, RunLength);
        foreach (var item in items)
        {
            if (item.IsShareable || item.RoomId == targetRoomId) continue;
            var said = Words(item.Text);
            if (said.Count >= RunLength ? Runs(said, RunLength).Overlaps(runs) : said.Count >= ShortItemWords && Contains(words, said))
                return item;
        }
        return null;
    }

    /// <summary>Lower-case words of letters and digits, so punctuation and case do not hide a repeat.</summary>
    internal static List<string> Words(string? text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var ch in text ?? "")
        {
            if (char.IsLetterOrDigit(ch)) current.Append(char.ToLower(ch, CultureInfo.InvariantCulture));
            else if (current.Length > 0) { words.Add(current.ToString()); current.Clear(); }
        }
        if (current.Length > 0) words.Add(current.ToString());
        return words;
    }

    private static HashSet<string> Runs(List<string> words, int length)
    {
        var runs = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + length <= words.Count; i++) runs.Add(string.Join(' ', words.GetRange(i, length)));
        return runs;
    }

    private static bool Contains(List<string> haystack, List<string> needle)
    {
        for (var i = 0; i + needle.Count <= haystack.Count; i++)
        {
            if (haystack.GetRange(i, needle.Count).SequenceEqual(needle, StringComparer.Ordinal)) return true;
        }
        return false;
    }
}
