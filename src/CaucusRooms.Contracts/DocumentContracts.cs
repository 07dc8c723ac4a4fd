namespace CaucusRooms.Contracts;

/// <summary>
/// A document shared into a room (<c>/api/sessions/{id}/rooms/{roomId}/documents</c>): listed and downloaded only by the
/// people entitled to the room when it was shared, and the mediators.
/// </summary>
/// <param name="DocumentId">Its id; the download is <see cref="DownloadPath"/>.</param>
/// <param name="RoomId">The room it was shared in; it never moves.</param>
/// <param name="Name">The file name the sharer gave, as a label only (the type is read from the content).</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="Kind">"Pdf", "Png", "Jpeg", "Gif" or "PlainText", checked from the content.</param>
/// <param name="SharedById">Who shared it.</param>
/// <param name="SharedByName">Their display name.</param>
/// <param name="SharedAt">When the server stored it.</param>
/// <param name="DownloadPath">The path to download it from, for its readers only.</param>
/// <param name="SharedFrom">On a copy a mediator relayed from a caucus with its side's consent: the caucus document and the side.</param>
public sealed record DocumentDto(
    string DocumentId, string RoomId, string Name, long Size, string Kind, string SharedById, string SharedByName, DateTimeOffset SharedAt, string DownloadPath,
    SharedFromDto? SharedFrom = null);

public partial interface ISessionHub
{
    /// <summary>
    /// Mediators: relays a copy of a caucus document its side consented to share (the consent flow's <see cref="AskForConsent"/>
    /// and <see cref="SetShareable"/>, with the document's id as the item) into the joint room or another side's private
    /// room; the copy's readers are that room's now.
    /// </summary>
    Task<DocumentDto> RelaySharedDocument(string fromRoomId, string documentId, string toRoomId);
}

/// <summary>The limits of a shared document.</summary>
public static class DocumentLimits
{
    /// <summary>The largest document accepted, in bytes (10 MB).</summary>
    public const int MaxBytes = 10 * 1024 * 1024;

    /// <summary>The longest file name accepted, in characters.</summary>
    public const int MaxNameLength = 200;
}
