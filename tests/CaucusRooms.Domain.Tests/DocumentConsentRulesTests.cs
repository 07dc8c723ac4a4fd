namespace CaucusRooms.Domain.Tests;

/// <summary>
/// A caucus document goes onward only through the consent flow, as a caucus message does: its side decides, a mediator
/// relays exactly the approved content; the copy's readers are the target room's at the moment of the relay.
/// </summary>
public sealed class DocumentConsentRulesTests
{
    private static readonly DateTimeOffset At = SessionBuilder.At;

    [Fact]
    public void AShareIsDecidedOnTheSessionAsItIsNowAndRecordsIdsKindAndSizeOnly()
    {
        var s = new SessionBuilder();
        var avery = s.AdmittedTo(s.CaucusA, Role.Party, s.SideA, "Avery");
        var version = s.Session.Version;
        var id = Guid.NewGuid();

        var shared = s.Session.ShareDocument(avery, s.CaucusA.Id, id, DocumentKind.Pdf, 48_213, At);

        Assert.Equal(new DocumentShared(version + 1, At, avery, id, s.CaucusA.Id, DocumentKind.Pdf, 48_213), shared.Event);
        Assert.Equal(RefusalReason.NotEntitled, s.Session.ShareDocument(avery, s.Joint.Id, Guid.NewGuid(), DocumentKind.Pdf, 10, At).Refusal?.Reason);
        Assert.Equal(RefusalReason.NotEntitled, s.Session.ShareDocument(avery, s.CaucusB.Id, Guid.NewGuid(), DocumentKind.Pdf, 10, At).Refusal?.Reason);
        Assert.Equal(RefusalReason.EmptyDocument, s.Session.ShareDocument(avery, s.CaucusA.Id, Guid.NewGuid(), DocumentKind.Pdf, 0, At).Refusal?.Reason);
        Assert.Equal(RefusalReason.DocumentTooLarge, s.Session.ShareDocument(avery, s.CaucusA.Id, Guid.NewGuid(), DocumentKind.Pdf, Documents.MaxBytes + 1, At).Refusal?.Reason);
        Assert.Equal(version + 1, s.Session.Version);
        Assert.True(s.Session.Close(s.Mediator, At).IsAccepted);
        Assert.Equal(RefusalReason.SessionClosed, s.Session.ShareDocument(s.Mediator, s.CaucusA.Id, Guid.NewGuid(), DocumentKind.Pdf, 10, At).Refusal?.Reason);
    }

    [Fact]
    public void ACaucusDocumentIsRelayedOnlyAfterItsSideConsentedAndOnlyByAMediator()
    {
        var s = new SessionBuilder();
        var avery = s.AdmittedTo(s.CaucusA, Role.Party, s.SideA, "Avery");
        var blake = s.AdmittedTo(s.Joint, Role.Party, s.SideB, "Blake");
        var document = Documents.ItemOf(Guid.NewGuid(), s.CaucusA.Id, avery, "digest-of-the-pdf");

        Assert.Equal(RefusalReason.NotShareable, s.Session.Relay(s.Mediator, document.Id, s.Joint.Id, document.WordsDigest, At).Refusal?.Reason);
        Assert.True(s.Session.AskForConsent(s.Mediator, document, At).IsAccepted);
        Assert.Equal(RefusalReason.NotShareable, s.Session.Relay(s.Mediator, document.Id, s.Joint.Id, document.WordsDigest, At).Refusal?.Reason);
        Assert.Equal(RefusalReason.NotEntitled, s.Session.DecideConsent(blake, document, approve: true, At).Refusal?.Reason); // the other side
        Assert.Equal(RefusalReason.NotEntitled, s.Session.DecideConsent(s.Mediator, document, approve: true, At).Refusal?.Reason);

        Assert.True(s.Session.DecideConsent(avery, document, approve: true, At).IsAccepted);

        Assert.Equal(RefusalReason.NotAMediator, s.Session.Relay(avery, document.Id, s.Joint.Id, document.WordsDigest, At).Refusal?.Reason);
        Assert.Equal(RefusalReason.NotApproved, s.Session.Relay(s.Mediator, document.Id, s.Joint.Id, "digest-of-another-file", At).Refusal?.Reason);
        Assert.Equal(RefusalReason.NotEntitled, s.Session.Relay(s.Mediator, document.Id, s.MediatorsRoom.Id, document.WordsDigest, At).Refusal?.Reason);
        Assert.Equal(RefusalReason.NotEntitled, s.Session.Relay(s.Mediator, document.Id, s.CaucusA.Id, document.WordsDigest, At).Refusal?.Reason);
        var relayed = s.Session.Relay(s.Mediator, document.Id, s.Joint.Id, document.WordsDigest, At);
        Assert.Equal((document.Id, s.CaucusA.Id, s.Joint.Id), relayed.Event is ItemRelayed r ? (r.ItemId, r.From, r.To) : default);

        Assert.True(s.Session.DecideConsent(avery, document, approve: false, At).IsAccepted);
        Assert.Equal(RefusalReason.NotShareable, s.Session.Relay(s.Mediator, document.Id, s.CaucusB.Id, document.WordsDigest, At).Refusal?.Reason);
    }

    [Fact]
    public void AJointRoomDocumentIsNoCaucusItemToAskAboutOrDecide()
    {
        var s = new SessionBuilder();
        var avery = s.AdmittedTo(s.Joint, Role.Party, s.SideA, "Avery");
        var document = Documents.ItemOf(Guid.NewGuid(), s.Joint.Id, avery, "digest");

        Assert.Equal(RefusalReason.NotAMediator, s.Session.AskForConsent(s.Mediator, document, At).Refusal?.Reason);
        Assert.Equal(RefusalReason.NotEntitled, s.Session.DecideConsent(avery, document, approve: true, At).Refusal?.Reason);
        Assert.Equal(RefusalReason.NotShareable, s.Session.Relay(s.Mediator, document.Id, s.CaucusB.Id, document.WordsDigest, At).Refusal?.Reason);
    }

    [Fact]
    public void TheRelayedCopysReadersAreTheTargetRoomsAtTheRelayAndTheOriginalsNeverChange()
    {
        var s = new SessionBuilder();
        var avery = s.AdmittedTo(s.CaucusA, Role.Party, s.SideA, "Avery");
        var blake = s.AdmittedTo(s.Joint, Role.Party, s.SideB, "Blake");
        var original = Entitlements.Readers(s.Session, s.CaucusA.Id);
        var later = s.Accepted(Role.Advisor, s.SideB, "Counsel");
        var document = Documents.ItemOf(Guid.NewGuid(), s.CaucusA.Id, avery, "digest");
        Assert.True(s.Session.DecideConsent(avery, document, approve: true, At).IsAccepted);

        Assert.True(s.Session.Relay(s.Mediator, document.Id, s.Joint.Id, document.WordsDigest, At).IsAccepted);
        var copy = Entitlements.Readers(s.Session, s.Joint.Id);
        Assert.True(s.Session.Admit(s.Mediator, later, s.Joint.Id, At).IsAccepted);
        Assert.True(s.Session.Move(s.Mediator, avery, s.Joint.Id, At).IsAccepted);

        Assert.Equal(new[] { s.Mediator, blake }.OrderBy(p => p.Value), copy.OrderBy(p => p.Value));
        Assert.False(Entitlements.MayDownload(s.Session, later, copy)); // admitted after the relay
        Assert.True(Entitlements.MayDownload(s.Session, blake, copy));
        Assert.False(Entitlements.MayDownload(s.Session, blake, original));
        Assert.Equal(new[] { s.Mediator, avery }.OrderBy(p => p.Value), original.OrderBy(p => p.Value));
    }
}
