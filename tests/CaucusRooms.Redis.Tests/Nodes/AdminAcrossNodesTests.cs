namespace CaucusRooms.Redis.Tests.Nodes;

/// <summary>Whichever node answers, an admin sees every live node, their sums, and one opaque id per session.</summary>
[Collection(TwoNodesTestGroup.Name)]
public sealed class AdminAcrossNodesTests(TwoNodes nodes)
{
    [Fact]
    public async Task EitherNodesHealthShowsBothNodesTheirSumAndTheSameOpaqueIdForASessionWithPeopleOnBoth()
    {
        var (m, _) = await nodes.SessionOnBothNodesAsync();
        await using var session = m;
        await using var admin = new Person(nodes.Node1, "admin");
        await admin.SignInAsync(TestAccounts.Admin);

        // Nodes publish their figures every 2 s: wait (at most 15 s) until each node's view holds the other's
        // as published after this session's people joined. Figures published before that may still count
        // an earlier test's session, whose people were on both nodes too.
        var since = DateTimeOffset.UtcNow;
        var names = new[] { nodes.Node1, nodes.Node2 }.Select(n => $"/{n.ProcessId}").ToList();
        async Task<(AdminHealthDto, AdminHealthDto)> BothViewsAsync() =>
            ((await admin.BrowserAt(nodes.Node1.BaseAddress).GetFromJsonAsync<AdminHealthDto>("api/admin/health").WaitAsync(Tab.Timeout))!,
             (await admin.BrowserAt(nodes.Node2.BaseAddress).GetFromJsonAsync<AdminHealthDto>("api/admin/health").WaitAsync(Tab.Timeout))!);
        var (viaNode1, viaNode2) = await Eventually.ValueAsync(BothViewsAsync, views => BothSeeTheSessionOnBothNodes(views.Item1, views.Item2, names, since),
            TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(250));

        foreach (var view in new[] { viaNode1, viaNode2 })
        {
            Assert.All(names, name => Assert.Contains(view.Nodes, n => n.Node.EndsWith(name, StringComparison.Ordinal)));
            Assert.Equal(view.Nodes.Sum(n => n.Connections), view.OpenConnections);
            Assert.Equal(view.Nodes.Sum(n => n.MessagesPerMinute), view.MessagesPerMinute, 3);
            // A session counts once, though its people are on two nodes: one joint room per active session.
            Assert.Equal(view.ActiveSessions, view.Rooms.Single(r => r.Kind == "Joint").Rooms);
            Assert.Equal(view.Sessions.Count, view.ActiveSessions);
        }
        var shared = Assert.Single(viaNode1.Sessions, s => s.Connections == 2);
        Assert.Contains(viaNode2.Sessions, s => s.OpaqueId == shared.OpaqueId && s.Connections == 2);
        Assert.Equal(viaNode1.Sessions.Select(s => s.OpaqueId).Order(), viaNode2.Sessions.Select(s => s.OpaqueId).Order());
        Assert.DoesNotContain(m.SessionId.Replace("-", "", StringComparison.Ordinal)[..12], shared.OpaqueId, StringComparison.OrdinalIgnoreCase);
    }

    private static bool BothSeeTheSessionOnBothNodes(AdminHealthDto one, AdminHealthDto two, List<string> names, DateTimeOffset since) =>
        new[] { one, two }.All(v =>
            names.All(name => v.Nodes.Any(n => n.Node.EndsWith(name, StringComparison.Ordinal) && n.At > since))
            && v.Sessions.Any(s => s.Connections == 2));
}
