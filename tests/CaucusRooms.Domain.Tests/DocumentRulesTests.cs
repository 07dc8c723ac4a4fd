using System.Text;

namespace CaucusRooms.Domain.Tests;

/// <summary>Documents in rooms: the type is read from the content, 1 byte to 10 MB, shared by writers, downloaded by readers only.</summary>
public sealed class DocumentRulesTests
{
    public static TheoryData<byte[], DocumentKind> Accepted => new()
    {
        { "%PDF-1.7\n%âãÏÓ"u8.ToArray(), DocumentKind.Pdf },
        { [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13], DocumentKind.Png },
        { [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10], DocumentKind.Jpeg },
        { "GIF89a\x01\0\x01\0"u8.ToArray(), DocumentKind.Gif },
        { "GIF87a"u8.ToArray(), DocumentKind.Gif },
        { Encoding.UTF8.GetBytes("Offer: 40 000 € — notes, Straße"), DocumentKind.PlainText },
        { "x"u8.ToArray(), DocumentKind.PlainText },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void TheKindIsReadFromTheContent(byte[] content, DocumentKind kind)
    {
        Assert.Null(Documents.WhyNotAccept(content, out var found));
        Assert.Equal(kind, found);
    }

    public static TheoryData<byte[]> NotAccepted => new()
    {
        { "MZ\x90\0\x03\0"u8.ToArray() },               // a Windows program, whatever it is named
        { [0x50, 0x4B, 0x03, 0x04, 0x14, 0] },       // a zip (and so a .docx)
        { "plain text with a \0 inside"u8.ToArray() },
        { [0xC3, 0x28, 0x61] },                      // not UTF-8
        { [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A] },    // a cut-off PNG signature
    };

    [Theory]
    [MemberData(nameof(NotAccepted))]
    public void ContentThatIsNoPdfImageOrTextIsRefused(byte[] content)
    {
        var refusal = Documents.WhyNotAccept(content, out _);
        Assert.Equal(RefusalReason.DocumentTypeNotAllowed, refusal?.Reason);
        Assert.Contains("whatever its name says", refusal!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmptyFileAndOneOverTenMegabytesAreRefusedWithASentence()
    {
        Assert.Equal(RefusalReason.EmptyDocument, Documents.WhyNotAccept([], out _)?.Reason);
        var atTheLimit = new byte[Documents.MaxBytes];
        "%PDF-"u8.CopyTo(atTheLimit);
        Assert.Null(Documents.WhyNotAccept(atTheLimit, out _));
        var over = new byte[Documents.MaxBytes + 1];
        "%PDF-"u8.CopyTo(over);
        var refusal = Documents.WhyNotAccept(over, out _);
        Assert.Equal(RefusalReason.DocumentTooLarge, refusal?.Reason);
        Assert.Contains("10 MB", refusal!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DownloadsAreServedWithTheCheckedKindsType()
    {
        Assert.Equal("application/pdf", Documents.ContentType(DocumentKind.Pdf));
        Assert.Equal("image/png", Documents.ContentType(DocumentKind.Png));
        Assert.Equal("text/plain; charset=utf-8", Documents.ContentType(DocumentKind.PlainText));
    }

    [Fact]
    public void WhoeverMayWriteInARoomSharesIntoItAndNobodyElse()
    {
        var s = new SessionBuilder();
        var (avery, blake) = s.Parties(s.CaucusA, s.CaucusB);
        var waiting = s.Accepted(Role.Party, s.SideA, "Waiting");
        var removed = s.AdmittedTo(s.CaucusA, Role.Advisor, s.SideA, "Gone");
        Assert.True(s.Session.Remove(s.Mediator, removed, SessionBuilder.At).IsAccepted);

        Assert.Null(Entitlements.WhyNotShareDocument(s.Session, avery, s.CaucusA.Id));
        Assert.Null(Entitlements.WhyNotShareDocument(s.Session, s.Mediator, s.CaucusB.Id));
        Assert.Equal(RefusalReason.NotEntitled, Entitlements.WhyNotShareDocument(s.Session, blake, s.CaucusA.Id)?.Reason);
        Assert.Equal(RefusalReason.NotEntitled, Entitlements.WhyNotShareDocument(s.Session, avery, s.Joint.Id)?.Reason); // not located there
        Assert.Equal(RefusalReason.NotEntitled, Entitlements.WhyNotShareDocument(s.Session, waiting, s.CaucusA.Id)?.Reason);
        Assert.Equal(RefusalReason.NotEntitled, Entitlements.WhyNotShareDocument(s.Session, removed, s.CaucusA.Id)?.Reason);
        Assert.Equal(RefusalReason.UnknownRoom, Entitlements.WhyNotShareDocument(s.Session, avery, RoomId.New())?.Reason);
    }

    [Fact]
    public void OnlyTheReadersFixedAtShareTimeAndTheMediatorsDownload()
    {
        var s = new SessionBuilder();
        var (avery, blake) = s.Parties(s.CaucusA, s.CaucusB);
        var readers = Entitlements.Readers(s.Session, s.CaucusA.Id);
        var counselLater = s.AdmittedTo(s.CaucusA, Role.Advisor, s.SideA, "Counsel");

        Assert.True(Entitlements.MayDownload(s.Session, avery, readers));
        Assert.True(Entitlements.MayDownload(s.Session, s.Mediator, readers));
        Assert.False(Entitlements.MayDownload(s.Session, blake, readers));
        Assert.False(Entitlements.MayDownload(s.Session, counselLater, readers)); // admitted after it was shared
        Assert.True(s.Session.Remove(s.Mediator, avery, SessionBuilder.At).IsAccepted);
        Assert.False(Entitlements.MayDownload(s.Session, avery, readers));
    }

    [Fact]
    public void AFileSharedInACaucusReachesOtherReadersOnlyThroughConsent()
    {
        var s = new SessionBuilder();
        var avery = s.AdmittedTo(s.CaucusA, Role.Party, s.SideA, "Avery");
        s.AdmittedTo(s.Joint, Role.Party, s.SideB, "Blake");
        var caucusReaders = Entitlements.Readers(s.Session, s.CaucusA.Id);
        Assert.True(s.Session.Move(s.Mediator, avery, s.Joint.Id, SessionBuilder.At).IsAccepted);

        var refusal = Entitlements.WhyNotShareCopy(s.Session, Entitlements.Readers(s.Session, s.Joint.Id), s.CaucusA.Id, caucusReaders);
        Assert.Equal(RefusalReason.NeedsConsent, refusal?.Reason);
        Assert.Contains("consent", refusal!.Message, StringComparison.Ordinal);
        Assert.Null(Entitlements.WhyNotShareCopy(s.Session, caucusReaders, s.CaucusA.Id, caucusReaders)); // again to the same readers
        var jointReaders = Entitlements.Readers(s.Session, s.Joint.Id);
        Assert.Null(Entitlements.WhyNotShareCopy(s.Session, caucusReaders, s.Joint.Id, jointReaders)); // from the joint room: no caucus secret
    }
}
