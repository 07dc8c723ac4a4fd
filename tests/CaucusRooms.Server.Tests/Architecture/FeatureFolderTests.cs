using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace CaucusRooms.Server.Tests.Architecture;

/// <summary>
/// The server's feature folders (namespaces <c>CaucusRooms.Server.Rooms</c>, <c>.Sessions</c>, <c>.Video</c> …) form a
/// graph without cycles: read from the source, a folder depends on another when one of its files names that namespace
/// (a <c>using</c>, a qualified name, or a name qualified from the parent namespace such as <c>Redis.StoreOutage</c>).
/// </summary>
public sealed partial class FeatureFolderTests(ITestOutputHelper output)
{
    private const string Root = "CaucusRooms.Server";

    [Fact]
    public void NoFeatureFolderDependsOnItselfThroughAnother()
    {
        var graph = FolderGraph();
        foreach (var (from, edges) in graph.OrderBy(g => g.Key, StringComparer.Ordinal))
            foreach (var to in edges.Keys.Order(StringComparer.Ordinal))
                output.WriteLine($"{from} -> {to}");

        var cycle = FindCycle(graph);

        Assert.True(cycle is null, cycle is null ? "" : "The feature folders import each other in a circle: " + string.Join(" -> ",
            cycle.Zip(cycle.Skip(1), (a, b) => $"{a} ({string.Join(", ", graph[a][b].Order(StringComparer.Ordinal))})")) + " -> " + cycle[^1]);
    }

    [Fact]
    public void EveryServerTypeLivesInAFeatureFolder()
    {
        // A type in the root namespace would be visible to every folder without a using, unseen by the graph above.
        var inRoot = SourceFiles().Where(f => f.Namespace == Root).Select(f => f.Path).ToList();

        Assert.Empty(inRoot);
    }

    private static Dictionary<string, Dictionary<string, List<string>>> FolderGraph()
    {
        var files = SourceFiles().Where(f => f.Namespace.StartsWith(Root + ".", StringComparison.Ordinal)).ToList();
        var folders = files.Select(f => Folder(f.Namespace)).ToHashSet(StringComparer.Ordinal);
        var graph = folders.ToDictionary(f => f, _ => new Dictionary<string, List<string>>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var file in files)
        {
            var from = Folder(file.Namespace);
            var code = NamespaceLine().Replace(Comment().Replace(file.Text, ""), "");
            var named = FullName().Matches(code).Select(m => m.Groups[1].Value)
                .Concat(ParentQualified().Matches(code).Select(m => m.Groups[1].Value));
            foreach (var to in named.Where(n => n != from && folders.Contains(n)).Distinct(StringComparer.Ordinal))
            {
                if (!graph[from].TryGetValue(to, out var why)) graph[from][to] = why = [];
                why.Add(Path.GetFileName(file.Path));
            }
        }
        return graph;
    }

    /// <summary>A path of folders that ends where it starts, or null.</summary>
    private static List<string>? FindCycle(Dictionary<string, Dictionary<string, List<string>>> graph)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        var path = new List<string>();
        List<string>? Visit(string folder)
        {
            if (path.IndexOf(folder) is var at and >= 0) return [.. path.Skip(at), folder];
            if (!done.Add(folder)) return null;
            path.Add(folder);
            foreach (var next in graph[folder].Keys.Order(StringComparer.Ordinal))
                if (Visit(next) is { } cycle) return cycle;
            path.RemoveAt(path.Count - 1);
            return null;
        }
        return graph.Keys.Order(StringComparer.Ordinal).Select(Visit).FirstOrDefault(c => c is not null);
    }

    private static string Folder(string ns) => ns[(Root.Length + 1)..].Split('.')[0];

    private static IEnumerable<(string Path, string Namespace, string Text)> SourceFiles()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CaucusRooms.sln"))) dir = dir.Parent;
        Assert.NotNull(dir);
        var source = Path.Combine(dir.FullName, "src", Root);
        var sep = Path.DirectorySeparatorChar;
        foreach (var path in Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories))
        {
            if (path.Contains($"{sep}obj{sep}", StringComparison.Ordinal) || path.Contains($"{sep}bin{sep}", StringComparison.Ordinal)) continue;
            var text = File.ReadAllText(path);
            var ns = NamespaceLine().Match(text);
            if (ns.Success) yield return (path, ns.Groups[1].Value, text);
        }
    }

    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();

    [GeneratedRegex(@"//.*")]
    private static partial Regex Comment();

    [GeneratedRegex(@"\bCaucusRooms\.Server\.(\w+)")]
    private static partial Regex FullName();

    // Redis.StoreOutage, written inside CaucusRooms.Server.Accounts, resolves through the parent namespace.
    [GeneratedRegex(@"(?<![\w.""])([A-Z]\w*)\.[A-Z]\w*")]
    private static partial Regex ParentQualified();
}
