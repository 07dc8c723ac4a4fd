namespace CaucusRooms.Server.Tests.Consent;

/// <summary>Invariant 10: caucus content reaches another side only as a relay of an item its side marked shareable.</summary>
public sealed class ConsentToShareTests(HubServerFixture server) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task OnlyTheSideThatSaidItCanMarkItShareable()
    {
        var c = await CaucusAsync();
        await using var _ = c.M;
        var item = await c.AliceTab.SendAsync(c.M.CaucusOf("Claimant"), "we could accept 40k");

        // To the other side the item does not exist: nothing tells it that the caucus said anything.
        Assert.Equal("UnknownItem", await Refused.ReasonOf(() => c.BobTab.Hub.SetShareable(c.M.CaucusOf("Claimant"), item.MessageId, true)));
        Assert.Equal("NotEntitled", await Refused.ReasonOf(() => c.M.MediatorTab.Hub.SetShareable(c.M.CaucusOf("Claimant"), item.MessageId, true)));
        await c.AliceTab.Hub.SetShareable(c.M.CaucusOf("Claimant"), item.MessageId, true);

        var consents = await c.M.MediatorTab.Hub.GetConsents(c.M.CaucusOf("Claimant"));
        Assert.Equal("Granted", Assert.Single(consents).State);
    }

    [Fact]
    public async Task ARelayOfAnItemThatIsNotShareableIsRefusedAndNothingReachesTheOtherSide()
    {
        var c = await CaucusAsync();
        await using var _ = c.M;
        var item = await c.AliceTab.SendAsync(c.M.CaucusOf("Claimant"), "secret-bottom-line-canary");

        var reason = await Refused.ReasonOf(() => c.M.MediatorTab.Hub.RelaySharedItem(c.M.CaucusOf("Claimant"), item.MessageId, c.M.Joint, null));
        await c.AliceTab.Hub.SetShareable(c.M.CaucusOf("Claimant"), item.MessageId, true);
        await c.AliceTab.Hub.SetShareable(c.M.CaucusOf("Claimant"), item.MessageId, false);
        var afterWithdrawal = await Refused.ReasonOf(() => c.M.MediatorTab.Hub.RelaySharedItem(c.M.CaucusOf("Claimant"), item.MessageId, c.M.Joint, null));
        await c.BobTab.BarrierAsync();

        Assert.Equal("NotShareable", reason);
        Assert.Equal("NotShareable", afterWithdrawal);
        Assert.False(c.BobTab.Saw("secret-bottom-line-canary"));
    }

    [Fact]
    public async Task AShareableItemIsRelayedVerbatimWithItsOriginAndFreeWordsAreRefused()
    {
        var c = await CaucusAsync();
        await using var _ = c.M;
        var item = await c.AliceTab.SendAsync(c.M.CaucusOf("Claimant"), "we would accept payment in two instalments");
        await c.AliceTab.Hub.SetShareable(c.M.CaucusOf("Claimant"), item.MessageId, true);

        await c.M.MediatorTab.Hub.RelaySharedItem(c.M.CaucusOf("Claimant"), item.MessageId, c.M.Joint, null);
        var freeWords = await Refused.ReasonOf(() => c.M.MediatorTab.Hub.RelaySharedItem(c.M.CaucusOf("Claimant"), item.MessageId, c.M.CaucusOf("Respondent"), "They are open to instalments."));
        await c.BobTab.WaitForMessageAsync("we would accept payment in two instalments");

        var inJoint = Assert.Single(c.BobTab.Messages, x => x.RoomId == c.M.Joint);
        Assert.Equal("we would accept payment in two instalments", inJoint.Text);
        Assert.Equal(item.MessageId, inJoint.SharedFrom?.ItemId);
        Assert.Equal("Shared from Claimant's private session, with their consent", inJoint.SharedFrom?.Label);
        Assert.Equal("NotApproved", freeWords);
        Assert.DoesNotContain(c.BobTab.Messages, x => x.RoomId == c.M.CaucusOf("Respondent"));
    }

    [Fact]
    public async Task WhatTheMediatorSaidInACaucusIsSharedOnlyAfterAskingThatSide()
    {
        var c = await CaucusAsync();
        await using var _ = c.M;
        var said = await c.M.MediatorTab.SendAsync(c.M.CaucusOf("Claimant"), "So your real worry is the timeline?");

        Assert.Equal("NotEntitled", await Refused.ReasonOf(() => c.AliceTab.Hub.SetShareable(c.M.CaucusOf("Claimant"), said.MessageId, true)));
        Assert.Equal("UnknownItem", await Refused.ReasonOf(() => c.BobTab.Hub.AskForConsent(c.M.CaucusOf("Claimant"), said.MessageId)));
        Assert.Equal("NotAMediator", await Refused.ReasonOf(() => c.AliceTab.Hub.AskForConsent(c.M.CaucusOf("Claimant"), said.MessageId)));
        await c.M.MediatorTab.Hub.AskForConsent(c.M.CaucusOf("Claimant"), said.MessageId);
        await c.AliceTab.Hub.SetShareable(c.M.CaucusOf("Claimant"), said.MessageId, true);

        await c.M.MediatorTab.Hub.RelaySharedItem(c.M.CaucusOf("Claimant"), said.MessageId, c.M.Joint, null);
        Assert.Equal(c.M.Joint, (await c.BobTab.WaitForMessageAsync("So your real worry is the timeline?")).RoomId);
    }

    [Fact]
    public async Task NoRelayIntoTheMediatorsRoomNorFromTheJointRoom()
    {
        var c = await CaucusAsync();
        await using var _ = c.M;
        var item = await c.AliceTab.SendAsync(c.M.CaucusOf("Claimant"), "ok to share");
        await c.AliceTab.Hub.SetShareable(c.M.CaucusOf("Claimant"), item.MessageId, true);

        Assert.Equal("NotEntitled", await Refused.ReasonOf(() => c.M.MediatorTab.Hub.RelaySharedItem(c.M.CaucusOf("Claimant"), item.MessageId, c.M.MediatorsRoom, null)));
        Assert.Equal("UnknownItem", await Refused.ReasonOf(() => c.M.MediatorTab.Hub.RelaySharedItem(c.M.Joint, item.MessageId, c.M.CaucusOf("Respondent"), null)));
        Assert.Equal("UnknownItem", await Refused.ReasonOf(() => c.BobTab.Hub.RelaySharedItem(c.M.CaucusOf("Claimant"), item.MessageId, c.M.Joint, null)));
        Assert.Equal("NotAMediator", await Refused.ReasonOf(() => c.AliceTab.Hub.RelaySharedItem(c.M.CaucusOf("Claimant"), item.MessageId, c.M.Joint, null)));
    }

    internal sealed record Caucus(Mediation M, Person Alice, Tab AliceTab, Person Bob, Tab BobTab);

    /// <summary>Alice (Claimant) in her caucus, Bob (Respondent) in the joint room.</summary>
    internal static async Task<Caucus> CaucusAsync(HubServerFixture server)
    {
        var m = await Mediation.OpenAsync(server, title: "Consent matter");
        var (alice, aliceTab) = await m.JoinAsync("Alice", "Party", "Claimant", m.CaucusOf("Claimant"));
        var (bob, bobTab) = await m.JoinAsync("Bob", "Party", "Respondent", m.Joint);
        return new Caucus(m, alice, aliceTab, bob, bobTab);
    }

    private Task<Caucus> CaucusAsync() => CaucusAsync(server);
}

public sealed class AuditAndRetentionTests(HubServerFixture server) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task TheAuditTrailRecordsWhoDidWhatButNeverAWordSaid()
    {
        var canary = $"audit{Guid.NewGuid():N}"[..20];
        await using var m = await Mediation.OpenAsync(server);
        var (alice, tab) = await m.JoinAsync("Alice", "Party", "Claimant", m.Joint);
        await m.MoveAsync(alice, m.CaucusOf("Claimant"));
        var item = await tab.SendAsync(m.CaucusOf("Claimant"), $"caucus {canary}");
        await tab.Hub.SetShareable(m.CaucusOf("Claimant"), item.MessageId, true);
        await m.MediatorTab.Hub.RelaySharedItem(m.CaucusOf("Claimant"), item.MessageId, m.Joint, null);
        await m.MediatorTab.Hub.RelaySharedItem(m.CaucusOf("Claimant"), item.MessageId, m.Joint, null);
        await m.MediatorTab.Hub.RecordSendWarning(m.Joint, true);

        var json = await m.Mediator.Browser.GetStringAsync($"/api/sessions/{m.SessionId}/audit");
        var print = await m.Mediator.Browser.GetStringAsync($"/api/sessions/{m.SessionId}/audit/print");
        var trail = (await m.Mediator.Browser.GetFromJsonAsync<List<AuditEntryDto>>($"/api/sessions/{m.SessionId}/audit"))!;

        Assert.DoesNotContain(canary, json, StringComparison.Ordinal);
        Assert.DoesNotContain(canary, print, StringComparison.Ordinal);
        Assert.Equal(["SessionOpened", "Invited", "AgreementAccepted", "Admitted", "Moved", "ConsentGranted", "Relayed", "WarningOverridden"], trail.Select(e => e.Kind));
        var moved = trail.Single(e => e.Kind == "Moved");
        Assert.Equal(("Alice", "Joint", "Caucus Claimant"), (moved.TargetName, moved.From, moved.To));
        var relayed = trail.Single(e => e.Kind == "Relayed");
        Assert.Equal(item.MessageId, relayed.ItemId);
        Assert.Matches("^[0-9a-f]{64}$", relayed.WordsHmac);
        Assert.Equal([relayed.Seq], await CheckAsync(m, $"caucus {canary}"));
        Assert.Empty(await CheckAsync(m, $"caucus {canary}."));
        Assert.Equal(Enumerable.Range(1, trail.Count).Select(i => (long)i), trail.Select(e => e.Seq));
    }

    private static async Task<List<long>> CheckAsync(Mediation m, string text)
    {
        using var response = await m.Mediator.Browser.PostAsJsonAsync($"/api/sessions/{m.SessionId}/audit/check", new WordsCheckRequest(text));
        response.EnsureSuccessStatusCode();
        return [.. (await response.Content.ReadFromJsonAsync<WordsCheckResponse>())!.Matches.Select(e => e.Seq)];
    }

    [Fact]
    public async Task OnlyTheSessionsMediatorsReadTheRecords()
    {
        await using var m = await Mediation.OpenAsync(server);
        var alice = await m.AdmitAsync("Alice", "Party", "Claimant", m.Joint);
        await using var ada = new Person(server, "ada");
        await ada.SignInAsync(HubServerFixture.AdminName, HubServerFixture.Password);

        foreach (var path in new[] { "audit", "audit/print", "agreement/record", "agreement/record/print" })
        {
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await alice.Browser.GetAsync($"/api/sessions/{m.SessionId}/{path}")).StatusCode);
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await ada.Browser.GetAsync($"/api/sessions/{m.SessionId}/{path}")).StatusCode);
        }
    }

    [Fact]
    public async Task TheAgreementRecordListsWhoAcceptedWhichVersionAndWhen()
    {
        await using var m = await Mediation.OpenAsync(server);
        await m.AdmitAsync("Alice", "Party", "Claimant", m.Joint);
        await m.InviteAsync("Lou", "Party", "Respondent");

        var record = (await m.Mediator.Browser.GetFromJsonAsync<AgreementRecordDto>($"/api/sessions/{m.SessionId}/agreement/record"))!;
        var print = await m.Mediator.Browser.GetStringAsync($"/api/sessions/{m.SessionId}/agreement/record/print");

        Assert.Equal(["maria", "Alice"], record.Acceptances.Select(a => a.DisplayName));
        Assert.All(record.Acceptances, a => Assert.Equal(1, a.AgreementVersion));
        Assert.Contains("<td>Alice</td>", print, StringComparison.Ordinal);
        Assert.DoesNotContain("Lou", print, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClosingPurgesEveryMessageAtOnceWhileTheAuditTrailAndAgreementRecordRemain()
    {
        var canary = $"purge{Guid.NewGuid():N}"[..20];
        await using var m = await Mediation.OpenAsync(server);
        var (alice, tab) = await m.JoinAsync("Alice", "Party", "Claimant", m.Joint);
        var joint = await tab.SendAsync(m.Joint, $"joint {canary}");
        var caucus = await tab.SendAsync(m.CaucusOf("Claimant"), $"caucus {canary}");

        await m.MediatorTab.Hub.CloseSession();

        var messages = (CaucusRooms.Server.Messages.IMessageStore)server.Services.GetService(typeof(CaucusRooms.Server.Messages.IMessageStore))!;
        foreach (var room in m.Rooms)
            Assert.Empty(await messages.ReadAfterAsync(new Domain.RoomId(Guid.Parse(room.RoomId)), 0, 1000));
        Assert.Null(await messages.FindByIdAsync(new Domain.RoomId(Guid.Parse(m.Joint)), Guid.Parse(joint.MessageId)));
        Assert.Null(await messages.FindByIdAsync(new Domain.RoomId(Guid.Parse(m.CaucusOf("Claimant"))), Guid.Parse(caucus.MessageId)));
        var trail = (await m.Mediator.Browser.GetFromJsonAsync<List<AuditEntryDto>>($"/api/sessions/{m.SessionId}/audit"))!;
        Assert.Equal(["SessionClosed", "MessagesPurged"], trail.TakeLast(2).Select(e => e.Kind));
        var record = (await m.Mediator.Browser.GetFromJsonAsync<AgreementRecordDto>($"/api/sessions/{m.SessionId}/agreement/record"))!;
        Assert.Contains(record.Acceptances, a => a.DisplayName == "Alice");
    }
}
