namespace CaucusRooms.Domain.Tests;

/// <summary>Invariant 10: caucus words cross only as exactly the words their side approved, and only while that approval stands.</summary>
public sealed class ConsentRulesTests
{
    [Fact]
    public void AMediatorsSummaryCrossesOnlyAfterTheSideApprovedExactlyItsWords()
    {
        var s = new SessionBuilder();
        var alice = s.AdmittedTo(s.CaucusA, Role.Party, s.SideA, "Alice");
        var item = new CaucusItem(Guid.NewGuid(), s.CaucusA.Id, alice, "digest-of-what-alice-said");
        var summary = new CaucusItem(Guid.NewGuid(), s.CaucusA.Id, s.Mediator, "digest-of-the-summary");

        Assert.True(s.Session.ProposeSummary(s.Mediator, summary, item, At).IsAccepted);
        Assert.Equal(RefusalReason.NotShareable, s.Session.Relay(s.Mediator, summary.Id, s.Joint.Id, summary.WordsDigest, At).Refusal?.Reason);
        Assert.True(s.Session.DecideConsent(alice, summary, approve: true, At).IsAccepted);

        Assert.True(s.Session.Relay(s.Mediator, summary.Id, s.Joint.Id, summary.WordsDigest, At).IsAccepted);
        Assert.Equal(RefusalReason.NotApproved, s.Session.Relay(s.Mediator, summary.Id, s.Joint.Id, item.WordsDigest, At).Refusal?.Reason);
        Assert.Equal(RefusalReason.NotShareable, s.Session.Relay(s.Mediator, item.Id, s.Joint.Id, item.WordsDigest, At).Refusal?.Reason);
    }

    [Fact]
    public void ADeclinedOrWithdrawnApprovalStopsTheRelay()
    {
        var s = new SessionBuilder();
        var alice = s.AdmittedTo(s.CaucusA, Role.Party, s.SideA, "Alice");
        var item = new CaucusItem(Guid.NewGuid(), s.CaucusA.Id, alice, "digest");
        Assert.True(s.Session.DecideConsent(alice, item, approve: true, At).IsAccepted);

        Assert.True(s.Session.DecideConsent(alice, item, approve: false, At).IsAccepted);

        Assert.Equal(RefusalReason.NotShareable, s.Session.Relay(s.Mediator, item.Id, s.CaucusB.Id, item.WordsDigest, At).Refusal?.Reason);
        Assert.Equal(ConsentState.Withdrawn, s.Session.ConsentOf(item.Id)?.State);
    }

    [Fact]
    public void OnlyTheSideThatSaidItDecidesAndARefusedDecisionChangesNothing()
    {
        var s = new SessionBuilder();
        var alice = s.AdmittedTo(s.CaucusA, Role.Party, s.SideA, "Alice");
        var bob = s.AdmittedTo(s.Joint, Role.Party, s.SideB, "Bob");
        var item = new CaucusItem(Guid.NewGuid(), s.CaucusA.Id, alice, "digest");
        var before = s.Session.ToSnapshot().Canonical();

        Assert.Equal(RefusalReason.NotEntitled, s.Session.DecideConsent(bob, item, approve: true, At).Refusal?.Reason);
        Assert.Equal(RefusalReason.NotEntitled, s.Session.DecideConsent(s.Mediator, item, approve: true, At).Refusal?.Reason);
        Assert.Equal(RefusalReason.NotAMediator, s.Session.Relay(alice, item.Id, s.Joint.Id, item.WordsDigest, At).Refusal?.Reason);
        Assert.Equal(before, s.Session.ToSnapshot().Canonical());
    }

    [Fact]
    public void EveryConsentStepBumpsTheVersionAndRaisesItsEvent()
    {
        var s = new SessionBuilder();
        var alice = s.AdmittedTo(s.CaucusA, Role.Party, s.SideA, "Alice");
        var item = new CaucusItem(Guid.NewGuid(), s.CaucusA.Id, s.Mediator, "mediator-words");
        var version = s.Session.Version;

        Assert.IsType<ConsentAsked>(s.Session.AskForConsent(s.Mediator, item, At).Event);
        Assert.IsType<ConsentGranted>(s.Session.DecideConsent(alice, item, approve: true, At).Event);
        Assert.IsType<ItemRelayed>(s.Session.Relay(s.Mediator, item.Id, s.Joint.Id, item.WordsDigest, At).Event);
        Assert.IsType<ConsentWithdrawn>(s.Session.DecideConsent(alice, item, approve: false, At).Event);
        Assert.Equal(version + 4, s.Session.Version);
        Assert.Equal(s.Session.ToSnapshot().Canonical(), MediationSession.FromSnapshot(s.Session.ToSnapshot()).ToSnapshot().Canonical());
    }
}
