namespace CaucusRooms.Server.Tests.Rooms;

/// <summary>
/// Invariant 3 with the history dimension: a message's readers are fixed when it is sent. Whatever a party
/// does afterwards — coming back into the room, arriving late, reconnecting, opening a second tab — they read
/// only what they were a reader of, live or in history; mediators read every message of the session.
/// </summary>
public sealed class ReadersAndHistoryTests(HubServerFixture server) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task APartyMovedOutOfTheJointRoomAndBackNeverReadsWhatWasSaidThereWhileAway()
    {
        await using var m = await Mediation.OpenAsync(server);
        var (avery, averyTab) = await m.JoinAsync("Avery", "Party", "Claimant", m.Joint);
        var (blake, blakeTab) = await m.JoinAsync("Blake", "Party", "Respondent", m.Joint);
        await m.MediatorTab.SendAsync(m.Joint, "before-blake-left");

        await m.MoveAsync(blake, m.CaucusOf("Respondent"));
        await m.MediatorTab.SendAsync(m.Joint, "said-while-blake-was-away");
        await averyTab.SendAsync(m.Joint, "avery-while-blake-was-away");
        await m.MoveAsync(blake, m.Joint);
        await m.MediatorTab.SendAsync(m.Joint, "after-blake-came-back");

        var secondTab = await blake.OpenTabAsync(m.SessionId);
        await blakeTab.DisposeAsync();
        var reconnected = await blake.OpenTabAsync(m.SessionId);
        foreach (var tab in new[] { blakeTab, secondTab, reconnected })
        {
            var history = tab == blakeTab ? null : await tab.Hub.GetHistory(m.Joint, 0L);
            Assert.False(tab.Saw("while-blake-was-away"), "a message said while Blake was away reached him live");
            if (history is null) continue;
            Assert.Equal(["before-blake-left", "after-blake-came-back"], history.Select(x => x.Text));
        }
        Assert.True(blakeTab.Saw("before-blake-left") && blakeTab.Saw("after-blake-came-back"));
        Assert.Equal(4, (await averyTab.Hub.GetHistory(m.Joint, 0L)).Count);
        Assert.Equal(4, (await m.MediatorTab.Hub.GetHistory(m.Joint, 0L)).Count);
    }

    [Fact]
    public async Task APartyAdmittedLateReadsNothingSaidBeforeTheyCameIn()
    {
        await using var m = await Mediation.OpenAsync(server);
        var (_, averyTab) = await m.JoinAsync("Avery", "Party", "Claimant", m.Joint);
        await averyTab.SendAsync(m.Joint, "early-joint-words");
        await m.MediatorTab.SendAsync(m.CaucusOf("Respondent"), "early-landlord-caucus-words");

        var (_, lateTab) = await m.JoinAsync("Blake", "Party", "Respondent", m.Joint);
        await averyTab.SendAsync(m.Joint, "words-blake-hears");

        Assert.Equal(["words-blake-hears"], (await lateTab.Hub.GetHistory(m.Joint, 0L)).Select(x => x.Text));
        Assert.Empty(await lateTab.Hub.GetHistory(m.CaucusOf("Respondent"), 0L));
        // Delivered in order on the connection: once the later message is in, nothing earlier can still arrive.
        await lateTab.WaitForMessageAsync("words-blake-hears");
        Assert.False(lateTab.Saw("early-"), "a late arrival received what was said before they came in");
    }

    [Fact]
    public async Task AnAdvisorWhoArrivesInTheCaucusLaterReadsOnlyWhatTheSideSaidAfterwards()
    {
        await using var m = await Mediation.OpenAsync(server);
        var (_, averyTab) = await m.JoinAsync("Avery", "Party", "Claimant", m.CaucusOf("Claimant"));
        await averyTab.SendAsync(m.CaucusOf("Claimant"), "before-counsel-came");

        var (_, counselTab) = await m.JoinAsync("Counsel", "Advisor", "Claimant", m.CaucusOf("Claimant"));
        await averyTab.SendAsync(m.CaucusOf("Claimant"), "with-counsel-here");

        Assert.Equal(["with-counsel-here"], (await counselTab.Hub.GetHistory(m.CaucusOf("Claimant"), 0L)).Select(x => x.Text));
        Assert.Equal(2, (await averyTab.Hub.GetHistory(m.CaucusOf("Claimant"), 0L)).Count);
    }

    [Fact]
    public async Task ACoMediatorAdmittedLaterReadsEveryMessageOfTheSession()
    {
        await using var m = await Mediation.OpenAsync(server);
        var (_, averyTab) = await m.JoinAsync("Avery", "Party", "Claimant", m.CaucusOf("Claimant"));
        await averyTab.SendAsync(m.CaucusOf("Claimant"), "tenant-caucus-before-co-mediator");
        await m.MediatorTab.SendAsync(m.Joint, "joint-before-co-mediator");
        var co = await m.InviteAsync("Co", "Mediator", null);
        await co.AcceptAgreementAsync(m.SessionId);
        var lobbyTab = await co.OpenTabAsync(m.SessionId);

        Assert.Equal("NotEntitled", await Refused.ReasonOf(() => lobbyTab.Hub.GetHistory(m.Joint, 0L)));
        await m.MediatorTab.Hub.Admit(co.ParticipantId, m.MediatorsRoom);

        Assert.Single(await lobbyTab.Hub.GetHistory(m.Joint, 0L));
        Assert.Single(await lobbyTab.Hub.GetHistory(m.CaucusOf("Claimant"), 0L));
    }

    [Fact]
    public async Task HistoryPagesSkipWhatThePartyWasNoReaderOfAndStillEndWithAShortPage()
    {
        await using var m = await Mediation.OpenAsync(server);
        var (blake, blakeTab) = await m.JoinAsync("Blake", "Party", "Respondent", m.Joint);
        await m.MediatorTab.SendAsync(m.Joint, "first-heard");
        await m.MoveAsync(blake, m.CaucusOf("Respondent"));
        // More than a page of history said while Blake was away, from several tabs (each has its own rate limit).
        var tabs = new List<Tab> { m.MediatorTab };
        for (var i = 0; i < 4; i++) tabs.Add(await m.Mediator.OpenTabAsync(m.SessionId));
        for (var i = 0; i < 220; i++) await tabs[i % tabs.Count].SendAsync(m.Joint, $"away-{i}");
        await m.MoveAsync(blake, m.Joint);
        await m.MediatorTab.SendAsync(m.Joint, "second-heard");

        var page = await blakeTab.Hub.GetHistory(m.Joint, 0L);

        Assert.Equal(["first-heard", "second-heard"], page.Select(x => x.Text));
        Assert.Empty(await blakeTab.Hub.GetHistory(m.Joint, page[^1].Seq));
        var mediatorPage = await m.MediatorTab.Hub.GetHistory(m.Joint, 0L);
        Assert.Equal(200, mediatorPage.Count);
    }

    [Fact]
    public async Task AMessageIsDeliveredToItsReadersOnlyAndAMoveChangesNoDeliveryGroup()
    {
        await using var m = await Mediation.OpenAsync(server);
        var (avery, averyTab) = await m.JoinAsync("Avery", "Party", "Claimant", m.Joint);
        var (_, blakeTab) = await m.JoinAsync("Blake", "Party", "Respondent", m.Joint);

        await m.MoveAsync(avery, m.CaucusOf("Claimant"));
        var ack = await blakeTab.SendAsync(m.Joint, "blake-alone-with-the-mediator");
        await m.MoveAsync(avery, m.Joint);
        await blakeTab.SendAsync(m.Joint, "avery-is-back");

        await averyTab.WaitForMessageAsync("avery-is-back");
        await m.MediatorTab.WaitForMessageAsync("blake-alone-with-the-mediator");
        Assert.False(averyTab.Saw("blake-alone-with-the-mediator"));
        Assert.DoesNotContain(await averyTab.Hub.GetHistory(m.Joint, ack.Seq - 1), x => x.MessageId == ack.MessageId);
    }
}
