using System.Reflection;
using System.Text.RegularExpressions;

namespace CaucusRooms.Contracts.Tests;

/// <summary>
/// The JavaScript example and docs/protocol.md cannot say <c>nameof(ISessionHub.X)</c>: these tests read the names
/// they use and document, so renaming a method or an event of the contract fails here until both follow.
/// </summary>
public sealed partial class HubNamesTests
{
    private static readonly SortedSet<string> HubMethods = NamesOf(typeof(ISessionHub));
    private static readonly SortedSet<string> ClientEvents = NamesOf(typeof(ISessionClient));

    [Fact]
    public void TheProtocolPagesMethodTableListsExactlyTheHubsMethodsWithTheirParameters()
    {
        var table = Section(Page(), "### Hub methods", "All ids are strings.");
        var documented = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in table.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)))
        {
            foreach (Match call in DocumentedCall().Matches(row.Split('|')[1])) documented[call.Groups[1].Value] = call.Groups[2].Value;
        }

        Assert.Equal(HubMethods, new SortedSet<string>(documented.Keys, StringComparer.Ordinal));
        foreach (var (method, parameters) in documented)
        {
            var declared = typeof(ISessionHub).GetMethod(method)!.GetParameters().Select(p => p.Name);
            Assert.Equal(string.Join(", ", declared), parameters.Replace("?", "", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void TheProtocolPagesEventHeadingsAreExactlyTheClientInterfacesEvents()
    {
        var events = Section(Page(), "### Hub events", "\n## ");

        Assert.Equal(ClientEvents, new SortedSet<string>(EventHeading().Matches(events).Select(m => m.Groups[1].Value), StringComparer.Ordinal));
    }

    [Fact]
    public void EveryMethodTheProtocolPageNamesInAHeadingOrAnExampleIsAHubMethod()
    {
        var methods = Section(Page(), "### Hub methods", "### Hub events");
        var named = MethodHeading().Matches(methods).SelectMany(h => BacktickedName().Matches(h.Value).Select(n => n.Groups[1].Value))
            .Concat(JsInvocation().Matches(Page()).Select(m => m.Groups[1].Value))
            .ToList();

        Assert.True(named.Count >= 20, $"only {named.Count} method names found on the page: the patterns no longer match it");
        Assert.All(named, name => Assert.Contains(name, HubMethods));
        Assert.All(JsHandler().Matches(Page()).Select(m => m.Groups[1].Value), name => Assert.Contains(name, ClientEvents));
    }

    [Fact]
    public void TheJavaScriptExampleCallsOnlyHubMethodsAndListensOnlyToClientEvents()
    {
        var example = RepositoryFiles.Read("examples", "node-client", "client.mjs");
        var methods = JsInvocation().Matches(example).Concat(JsRefusedCall().Matches(example)).Select(m => m.Groups[1].Value).ToList();
        var events = JsEventUse().Matches(example).Select(m => m.Groups[1].Value)
            .Concat(JsEventList().Match(example).Groups[1].Value.Split(',').Select(e => e.Trim().Trim('"')))
            .ToList();

        Assert.True(methods.Count >= 10 && methods.Contains(nameof(ISessionHub.SendMessage)), $"only {methods.Count} hub calls found in client.mjs: the patterns no longer match it");
        Assert.True(events.Count >= 8 && events.Contains(nameof(ISessionClient.StateChanged)), $"only {events.Count} event names found in client.mjs: the patterns no longer match it");
        Assert.All(methods, name => Assert.Contains(name, HubMethods));
        Assert.All(events, name => Assert.Contains(name, ClientEvents));
    }

    private static SortedSet<string> NamesOf(Type contract) =>
        new(contract.GetMethods(BindingFlags.Public | BindingFlags.Instance).Select(m => m.Name), StringComparer.Ordinal);

    private static string Page() => RepositoryFiles.Read("docs", "protocol.md").Replace("\r\n", "\n", StringComparison.Ordinal);

    private static string Section(string page, string start, string end)
    {
        var from = page.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, $"docs/protocol.md has no \"{start}\"");
        var to = page.IndexOf(end, from + start.Length, StringComparison.Ordinal);
        return to < 0 ? page[from..] : page[from..to];
    }

    /// <summary><c>`Admit(participantId, roomId)`</c> in a table cell: the name and the parameter list.</summary>
    [GeneratedRegex(@"`([A-Za-z]+)\(([^)`]*)\)`")]
    private static partial Regex DocumentedCall();

    [GeneratedRegex(@"^#### `([A-Za-z]+)`$", RegexOptions.Multiline)]
    private static partial Regex EventHeading();

    [GeneratedRegex(@"^#### .*$", RegexOptions.Multiline)]
    private static partial Regex MethodHeading();

    [GeneratedRegex(@"`([A-Za-z]+)[`(]")]
    private static partial Regex BacktickedName();

    /// <summary><c>hub.invoke("SendMessage", …)</c>, <c>this.invoke("Move", …)</c>.</summary>
    [GeneratedRegex(@"\.invoke\(""([A-Za-z]+)""")]
    private static partial Regex JsInvocation();

    /// <summary>The example's <c>party.refused("NotEntitled", "SendMessage", …)</c>: the second name is the method.</summary>
    [GeneratedRegex(@"\.refused\(""[A-Za-z]+"", ""([A-Za-z]+)""")]
    private static partial Regex JsRefusedCall();

    [GeneratedRegex(@"\.on\(""([A-Za-z]+)""")]
    private static partial Regex JsHandler();

    /// <summary>The example's recorded events: <c>hub.on("X")</c>, <c>next("X", …)</c>, <c>count("X", …)</c>, <c>nothingSince(n, "X", …)</c>.</summary>
    [GeneratedRegex(@"(?:\.on\(|\.next\(|\.count\(|\.nothingSince\(\w+,\s*)""([A-Za-z]+)""")]
    private static partial Regex JsEventUse();

    /// <summary>The example's <c>for (const event of ["StateChanged", …])</c>: the events it registers handlers for.</summary>
    [GeneratedRegex(@"for \(const event of \[([^\]]*)\]\)")]
    private static partial Regex JsEventList();
}
