namespace CaucusRooms.Server.Tests.Consent;

/// <summary>
/// Invariant 10 in exact words: what crosses from a caucus is exactly what its side approved — the item itself, or a
/// mediator's proposal approved verbatim — and the audit trail records a relay only when a mediator's relay delivered one.
/// </summary>
public sealed class ExactWordsTests(HubServerFixture server) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task AProposalCrossesOnlyAfterTheSideApprovesExactlyItsWords()
    {
        var c = await ConsentToShareTests.CaucusAsync(server);
        await using var _ = c.M;
        var caucus = c.M.CaucusOf("Claimant");
        var item = await c.AliceTab.SendAsync(caucus, "we cannot pay before March because of the bank");

        var proposal = await c.M.MediatorTab.Hub.ProposeSummary(caucus, item.MessageId, "p-1", "They need until March.");
        var shown = await c.AliceTab.WaitForMessageAsync("They need until March.");
        Assert.Equal(proposal.MessageId, shown.MessageId);
        Assert.Equal((caucus, item.MessageId), (shown.RoomId, shown.ProposalOf));
        Assert.Equal("NotShareable", await Refused.ReasonOf(() => c.M.MediatorTab.Hub.RelaySharedItem(caucus, proposal.MessageId, c.M.Joint, null)));

        await c.AliceTab.Hub.SetShareable(caucus, proposal.MessageId, true);
        await c.M.MediatorTab.Hub.RelaySharedItem(caucus, proposal.MessageId, c.M.Joint, null);
        await c.BobTab.WaitForMessageAsync("They need until March.");

        var relayed = Assert.Single(c.BobTab.Messages, x => x.RoomId == c.M.Joint);
        Assert.Equal("They need until March.", relayed.Text);
        Assert.Equal("Shared from Claimant's private session, with their consent", relayed.SharedFrom?.Label);
        Assert.False(c.BobTab.Saw("bank"), "the words the side did not approve crossed");
        Assert.Equal("NotShareable", await Refused.ReasonOf(() => c.M.MediatorTab.Hub.RelaySharedItem(caucus, item.MessageId, c.M.Joint, null)));
    }

    [Fact]
    public async Task AnEditedProposalIsANewProposalThatNeedsApprovalAgainAndADeclinedOneNeverCrosses()
    {
        var c = await ConsentToShareTests.CaucusAsync(server);
        await using var _ = c.M;
        var caucus = c.M.CaucusOf("Claimant");
        var item = await c.AliceTab.SendAsync(caucus, "our walk-away number is 30k");
        var first = await c.M.MediatorTab.Hub.ProposeSummary(caucus, item.MessageId, "p-1", "They have a firm limit.");
        await c.AliceTab.Hub.SetShareable(caucus, first.MessageId, true);

        var edited = await c.M.MediatorTab.Hub.ProposeSummary(caucus, item.MessageId, "p-2", "They have a firm limit near 30k.");
        var declined = await c.M.MediatorTab.Hub.ProposeSummary(caucus, item.MessageId, "p-3", "Their limit is 30k.");
        await c.AliceTab.Hub.SetShareable(caucus, declined.MessageId, false);

        Assert.Equal("NotShareable", await Refused.ReasonOf(() => c.M.MediatorTab.Hub.RelaySharedItem(caucus, edited.MessageId, c.M.Joint, null)));
        Assert.Equal("NotShareable", await Refused.ReasonOf(() => c.M.MediatorTab.Hub.RelaySharedItem(caucus, declined.MessageId, c.M.Joint, null)));
        await c.M.MediatorTab.Hub.RelaySharedItem(caucus, first.MessageId, c.M.Joint, null);
        await c.BobTab.WaitForMessageAsync("They have a firm limit.");
        Assert.Equal(["They have a firm limit."], c.BobTab.Messages.Where(x => x.RoomId == c.M.Joint).Select(x => x.Text));
        var consents = await c.M.MediatorTab.Hub.GetConsents(caucus);
        Assert.Equal(["Granted", "Asked", "Withdrawn"], consents.Select(x => x.State));
        Assert.All(consents, x => Assert.Equal(item.MessageId, x.ProposalOf));
    }

    [Fact]
    public async Task ASummaryQuotingAnotherNeverSharedItemIsRefusedAndRecordsNoRelay()
    {
        var c = await ConsentToShareTests.CaucusAsync(server);
        await using var _ = c.M;
        var caucus = c.M.CaucusOf("Claimant");
        var shareable = await c.AliceTab.SendAsync(caucus, "we are flexible on dates");
        await c.AliceTab.SendAsync(caucus, "never-shared-canary: we would take 20k");
        await c.AliceTab.Hub.SetShareable(caucus, shareable.MessageId, true);

        var reason = await Refused.ReasonOf(() => c.M.MediatorTab.Hub.RelaySharedItem(caucus, shareable.MessageId, c.M.CaucusOf("Respondent"), "never-shared-canary: we would take 20k"));

        await c.BobTab.BarrierAsync();
        Assert.Equal("NotApproved", reason);
        Assert.False(c.BobTab.Saw("never-shared-canary"));
        Assert.DoesNotContain(await TrailAsync(c.M), e => e.Kind == "Relayed");
    }

    [Fact]
    public async Task APartyCannotForgeARelayThroughTheRelaysIdempotencyKey()
    {
        await using var m = await Mediation.OpenAsync(server, title: "Forged relay");
        var (_, aliceTab) = await m.JoinAsync("Alice", "Party", "Claimant", m.Joint);
        var caucus = m.CaucusOf("Claimant");
        var item = await aliceTab.SendAsync(caucus, "fine to tell them we want a payment plan");
        await aliceTab.Hub.SetShareable(caucus, item.MessageId, true);

        Assert.Equal("InvalidInput", await Refused.ReasonOf(() => aliceTab.SendAsync(m.Joint, "fake relay", $"relay:{item.MessageId}")));
        await aliceTab.SendAsync(m.Joint, "fake relay", $"relay-{item.MessageId}");
        Assert.Equal("NotAMediator", await Refused.ReasonOf(() => aliceTab.Hub.RelaySharedItem(caucus, item.MessageId, m.Joint, null)));
        Assert.Equal("NotAMediator", await Refused.ReasonOf(() => aliceTab.Hub.ProposeSummary(caucus, item.MessageId, "p-1", "We want a payment plan.")));

        var real = await m.MediatorTab.Hub.RelaySharedItem(caucus, item.MessageId, m.Joint, null);
        var retried = await m.MediatorTab.Hub.RelaySharedItem(caucus, item.MessageId, m.Joint, null);

        Assert.Equal(real, retried);
        var relays = (await TrailAsync(m)).Where(e => e.Kind == "Relayed").ToList();
        Assert.Equal(m.MediatorTab.LastState!.ParticipantId, Assert.Single(relays).ActorId);
    }

    [Fact]
    public async Task ItemIdsOfAnotherSessionAreUnknownHere()
    {
        var c = await ConsentToShareTests.CaucusAsync(server);
        await using var _ = c.M;
        var item = await c.AliceTab.SendAsync(c.M.CaucusOf("Claimant"), "only for this session");
        await c.AliceTab.Hub.SetShareable(c.M.CaucusOf("Claimant"), item.MessageId, true);
        await using var other = await Mediation.OpenAsync(server, HubServerFixture.OtherMediatorName, "Another matter");

        foreach (var room in new[] { other.CaucusOf("Claimant"), c.M.CaucusOf("Claimant") })
        {
            Assert.Equal("UnknownItem", await Refused.ReasonOf(() => other.MediatorTab.Hub.RelaySharedItem(room, item.MessageId, other.Joint, null)));
            Assert.Equal("UnknownItem", await Refused.ReasonOf(() => other.MediatorTab.Hub.AskForConsent(room, item.MessageId)));
            Assert.Equal("UnknownItem", await Refused.ReasonOf(() => other.MediatorTab.Hub.ProposeSummary(room, item.MessageId, "p-x", "stolen")));
        }
    }

    private static async Task<List<AuditEntryDto>> TrailAsync(Mediation m) =>
        (await m.Mediator.Browser.GetFromJsonAsync<List<AuditEntryDto>>($"/api/sessions/{m.SessionId}/audit"))!;
}
