using System.Text.Unicode;

namespace CaucusRooms.Domain;

/// <summary>What a shared document is, read from its first bytes — never from its name.</summary>
public enum DocumentKind
{
    /// <summary>Starts with <c>%PDF-</c>.</summary>
    Pdf,

    /// <summary>Starts with the PNG signature.</summary>
    Png,

    /// <summary>Starts with the JPEG start-of-image marker.</summary>
    Jpeg,

    /// <summary>Starts with <c>GIF87a</c> or <c>GIF89a</c>.</summary>
    Gif,

    /// <summary>Valid UTF-8 with no NUL byte.</summary>
    PlainText,
}

/// <summary>
/// The documents a person may share into a room: a PDF, an image or plain text, of 1 byte to 10 MB, the type checked
/// from the content. Who may share and who may download are <see cref="Entitlements.MayShareDocument"/> and
/// <see cref="Entitlements.MayDownload"/>.
/// </summary>
public static class Documents
{
    /// <summary>The largest document accepted: 10 MB.</summary>
    public const int MaxBytes = 10 * 1024 * 1024; // CaucusRooms.Contracts.DocumentLimits.MaxBytes says the same to clients

    private static ReadOnlySpan<byte> PdfMagic => "%PDF-"u8;
    private static ReadOnlySpan<byte> PngMagic => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static ReadOnlySpan<byte> JpegMagic => [0xFF, 0xD8, 0xFF];
    private static ReadOnlySpan<byte> Gif87Magic => "GIF87a"u8;
    private static ReadOnlySpan<byte> Gif89Magic => "GIF89a"u8;

    /// <summary>The refusal of an empty document.</summary>
    public static Refusal Empty { get; } = new(RefusalReason.EmptyDocument, "The file is empty, so it was not shared. Choose a file with something in it.");

    /// <summary>The refusal of a document over <see cref="MaxBytes"/>.</summary>
    public static Refusal TooLarge { get; } = new(RefusalReason.DocumentTooLarge, "The file is larger than 10 MB, so it was not shared. Share a smaller file or split it.");

    /// <summary>The refusal of content that is no PDF, image or plain text.</summary>
    public static Refusal TypeNotAllowed { get; } = new(RefusalReason.DocumentTypeNotAllowed,
        "Only PDF files, images (PNG, JPEG, GIF) and plain text can be shared, and this file's content is none of them (whatever its name says), so it was not shared.");

    /// <summary>The kind the content is, or null when it is none the service accepts.</summary>
    public static DocumentKind? KindOf(ReadOnlySpan<byte> content) =>
        content.StartsWith(PdfMagic) ? DocumentKind.Pdf
        : content.StartsWith(PngMagic) ? DocumentKind.Png
        : content.StartsWith(JpegMagic) ? DocumentKind.Jpeg
        : content.StartsWith(Gif87Magic) || content.StartsWith(Gif89Magic) ? DocumentKind.Gif
        : content.IndexOf((byte)0) < 0 && Utf8.IsValid(content) ? DocumentKind.PlainText
        : null;

    /// <summary>Why the content is refused (empty, too large, not an accepted type), or null with its kind.</summary>
    public static Refusal? WhyNotAccept(ReadOnlySpan<byte> content, out DocumentKind kind)
    {
        kind = default;
        if (content.IsEmpty) return Empty;
        if (content.Length > MaxBytes) return TooLarge;
        if (KindOf(content) is not { } found) return TypeNotAllowed;
        kind = found;
        return null;
    }

    /// <summary>
    /// A document shared in a caucus as an item of the consent flow: the side that shared it decides whether it may go
    /// onward, and a mediator relays only a copy of exactly the content the side approved (<paramref name="contentDigest"/>,
    /// a keyed hash of it, plays the part of a message's words).
    /// </summary>
    public static CaucusItem ItemOf(Guid documentId, RoomId room, ParticipantId sharedBy, string contentDigest) =>
        new(documentId, room, sharedBy, contentDigest);

    /// <summary>The media type a download of that kind is served with.</summary>
    public static string ContentType(DocumentKind kind) => kind switch
    {
        DocumentKind.Pdf => "application/pdf",
        DocumentKind.Png => "image/png",
        DocumentKind.Jpeg => "image/jpeg",
        DocumentKind.Gif => "image/gif",
        _ => "text/plain; charset=utf-8",
    };
}
