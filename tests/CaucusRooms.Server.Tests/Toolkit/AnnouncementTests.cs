namespace CaucusRooms.Server.Tests.Toolkit;

/// <summary>An announcement is said once in every room; each copy reaches that room's readers now and nobody else, live and in history.</summary>
public sealed class AnnouncementTests(HubServerFixture server) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task AnAnnouncementReachesEveryRoomsReadersMarkedAndNeverTheLobbyOrAnotherSidesCaucus()
    {
        await using var m = await Mediation.OpenAsync(server);
        var (_, alice) = await m.JoinAsync("Alice", "Party", "Claimant", m.Joint);
        var (_, bob) = await m.JoinAsync("Bob", "Party", "Respondent", m.CaucusOf("Respondent"));
        var lou = await m.InviteAsync("Lou", "Party", "Claimant");
        var louTab = await lou.OpenTabAsync(m.SessionId);
        var words = $"announce-canary-{Guid.NewGuid():N}";

        var acks = await m.MediatorTab.Invoke<IReadOnlyList<SendAck>>(nameof(ISessionHub.Announce), Guid.NewGuid().ToString("N"), words);

        Assert.Equal(4, acks.Count);
        var mediatorCopies = await Eventually.ValueAsync(() => Task.FromResult(m.MediatorTab.Messages.Where(x => x.Text == words).ToList()), l => l.Count == 4, Tab.Timeout);
        Assert.All(mediatorCopies, x => Assert.Equal(MessageKinds.Announcement, x.Kind));
        Assert.Equal(m.Rooms.Select(r => r.RoomId).Order(), mediatorCopies.Select(x => x.RoomId).Order());
        await Eventually.ValueAsync(() => Task.FromResult(alice.Messages.Count(x => x.Text == words)), n => n == 2, Tab.Timeout);
        await bob.WaitForMessageAsync(words);
        // A later message to each of them has arrived, so anything else sent earlier would have too.
        await m.MediatorTab.SendAsync(m.CaucusOf("Respondent"), "after the announcement");
        await bob.WaitForMessageAsync("after the announcement");
        await louTab.BarrierAsync();

        Assert.Equal(new[] { m.Joint, m.CaucusOf("Claimant") }.Order(), alice.Messages.Where(x => x.Text == words).Select(x => x.RoomId).Order());
        Assert.Equal([m.CaucusOf("Respondent")], bob.Messages.Where(x => x.Text == words).Select(x => x.RoomId));
        Assert.False(louTab.Saw(words));
    }

    [Fact]
    public async Task APartyAdmittedAfterAnAnnouncementNeverReadsItInHistory()
    {
        await using var m = await Mediation.OpenAsync(server);
        var (_, alice) = await m.JoinAsync("Alice", "Party", "Claimant", m.Joint);
        var words = $"before-bob-{Guid.NewGuid():N}";
        await m.MediatorTab.Invoke<IReadOnlyList<SendAck>>(nameof(ISessionHub.Announce), Guid.NewGuid().ToString("N"), words);
        var (_, bob) = await m.JoinAsync("Bob", "Party", "Respondent", m.Joint);

        var alicesJoint = await alice.Invoke<IReadOnlyList<MessageDto>>(nameof(ISessionHub.GetHistory), m.Joint, 0L);
        var bobsJoint = await bob.Invoke<IReadOnlyList<MessageDto>>(nameof(ISessionHub.GetHistory), m.Joint, 0L);
        var bobsCaucus = await bob.Invoke<IReadOnlyList<MessageDto>>(nameof(ISessionHub.GetHistory), m.CaucusOf("Respondent"), 0L);

        Assert.Contains(alicesJoint, x => x.Text == words && x.Kind == MessageKinds.Announcement);
        Assert.DoesNotContain(bobsJoint, x => x.Text == words);
        Assert.DoesNotContain(bobsCaucus, x => x.Text == words);
    }

    [Fact]
    public async Task AnAnnouncementRetriedWithTheSameIdIsStoredOnce()
    {
        await using var m = await Mediation.OpenAsync(server);
        var id = Guid.NewGuid().ToString("N");

        var first = await m.MediatorTab.Invoke<IReadOnlyList<SendAck>>(nameof(ISessionHub.Announce), id, "Ten minutes break.");
        var again = await m.MediatorTab.Invoke<IReadOnlyList<SendAck>>(nameof(ISessionHub.Announce), id, "Ten minutes break.");

        Assert.Equal(first, again);
        var history = await m.MediatorTab.Invoke<IReadOnlyList<MessageDto>>(nameof(ISessionHub.GetHistory), m.Joint, 0L);
        Assert.Single(history, x => x.Text == "Ten minutes break.");
    }

    [Fact]
    public async Task PartiesAdvisorsAndPeopleInTheLobbyCannotAnnounceNorUseItsKeys()
    {
        await using var m = await Mediation.OpenAsync(server);
        var others = await NotMediators.JoinAsync(m);

        foreach (var tab in others.Tabs)
            Assert.Equal("NotAMediator", await Refused.ReasonOf(() => tab.Invoke<IReadOnlyList<SendAck>>(nameof(ISessionHub.Announce), Guid.NewGuid().ToString("N"), "Everyone, listen.")));
        Assert.Equal("InvalidInput", await Refused.ReasonOf(() => others.Party.SendAsync(m.Joint, "pretending", "announce:" + Guid.NewGuid().ToString("N"))));
        Assert.Equal("InvalidInput", await Refused.ReasonOf(() => m.MediatorTab.Invoke<IReadOnlyList<SendAck>>(nameof(ISessionHub.Announce), Guid.NewGuid().ToString("N"), "  ")));
        await m.MediatorTab.BarrierAsync();
        Assert.DoesNotContain(m.MediatorTab.Messages, x => x.Text.Contains("Everyone, listen.", StringComparison.Ordinal));
    }
}
