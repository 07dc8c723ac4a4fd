using System.Text.RegularExpressions;

namespace CaucusRooms.Server.Tests.Fuzzing;

/// <summary>
/// The answers docs/protocol.md promises, read from the page itself so the fuzz tests and the page
/// cannot drift apart: the refusal reasons of its table, and the shapes of a hub's error texts.
/// </summary>
public static partial class DocumentedAnswers
{
    private static readonly Lazy<string> Page = new(() => File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "protocol.md")));

    /// <summary>Every reason in the "Refusal reasons" table.</summary>
    public static IReadOnlySet<string> Reasons { get; } = ReadReasons();

    /// <summary>
    /// Which documented shape a hub error text has, or null if it has none. SignalR names a real method
    /// as the hub declares it (whatever the casing of the call), and an unknown one as it arrived (the
    /// .NET client writes a broken character as U+FFFD), so only a real method's name is compared.
    /// </summary>
    public static string? HubErrorShape(string method, string text, bool methodExists)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!methodExists) return NoSuchMethod().IsMatch(text) ? "no such method" : null;
        var refusal = Refusal().Match(text);
        if (refusal.Success)
        {
            return string.Equals(refusal.Groups[1].Value, method, StringComparison.OrdinalIgnoreCase) && Reasons.Contains(refusal.Groups[2].Value)
                ? "refused:" + refusal.Groups[2].Value
                : null;
        }
        var failed = WrongArguments().Match(text);
        return failed.Success && string.Equals(failed.Groups[1].Value, method, StringComparison.OrdinalIgnoreCase) ? "wrong arguments" : null;
    }

    /// <summary>Checks that the page really writes the texts <see cref="HubErrorShape"/> accepts.</summary>
    public static void AssertThePageWritesTheseShapes()
    {
        var page = Page.Value.Replace('\n', ' ');
        Assert.Contains("An unexpected error occurred invoking 'SendMessage' on the server. HubException: NotEntitled: ", page, StringComparison.Ordinal);
        Assert.Contains("`Failed to invoke 'Shout' due to an error on the server. HubException: Method does not exist.`", page, StringComparison.Ordinal);
        Assert.Contains("`Failed to invoke 'SendMessage' due to an error on the server.`", page, StringComparison.Ordinal);
        Assert.Contains("a frame larger than 32 KiB;", page, StringComparison.Ordinal);
    }

    private static HashSet<string> ReadReasons()
    {
        var section = Page.Value[Page.Value.IndexOf("## Refusal reasons", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 3, StringComparison.Ordinal)];
        var reasons = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in section.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)))
        {
            var first = line.Split('|')[1];
            foreach (Match m in Quoted().Matches(first)) reasons.Add(m.Groups[1].Value);
        }
        Assert.True(reasons.Count > 20, $"docs/protocol.md lists only {reasons.Count} refusal reasons");
        return reasons;
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CaucusRooms.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No CaucusRooms.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex("^An unexpected error occurred invoking '([A-Za-z]+)' on the server\\. HubException: ([A-Za-z]+): \\S", RegexOptions.Singleline)]
    private static partial Regex Refusal();

    [GeneratedRegex("^Failed to invoke '([A-Za-z]+)' due to an error on the server\\.$")]
    private static partial Regex WrongArguments();

    [GeneratedRegex("^Failed to invoke '.*' due to an error on the server\\. HubException: Method does not exist\\.$", RegexOptions.Singleline)]
    private static partial Regex NoSuchMethod();

    [GeneratedRegex("`([A-Za-z]+)`")]
    private static partial Regex Quoted();
}
