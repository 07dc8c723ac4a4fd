using CaucusRooms.Contracts;

namespace CaucusRooms.Client.Components.Chat;

/// <summary>What a pane needs to list its room's documents and offer "Share a file". The server decides who sees what.</summary>
/// <param name="Load">(room id): the room's documents this person may see, as the server lists them.</param>
/// <param name="Live">(room id): the documents the server told this person about since the page opened.</param>
/// <param name="Share">(room id, file name, content, size): shares a file; returns the refusal as a sentence, or null.</param>
public sealed record DocumentOptions(
    Func<string, Task<IReadOnlyList<DocumentDto>>> Load,
    Func<string, IReadOnlyList<DocumentDto>> Live,
    Func<string, string, Stream, Task<string?>> Share)
{
    /// <summary>A size as people read it: "512 bytes", "48 KB", "2.4 MB".</summary>
    public static string SizeOf(long bytes) => bytes switch
    {
        < 1024 => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes} bytes"),
        < 1024 * 1024 => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / 1024.0:0} KB"),
        _ => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.0} MB"),
    };
}

/// <summary>The pages' one way to build <see cref="DocumentOptions"/> from the HTTP API and the live link.</summary>
public static class DocumentOptionsFor
{
    public static DocumentOptions Of(Api.CaucusApi api, Live.SessionLink link, string sessionId)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(link);
        return new(
            async roomId => (await api.DocumentsAsync(sessionId, roomId)).Value ?? [],
            link.DocumentsSharedIn,
            async (roomId, name, content) => (await api.ShareDocumentAsync(sessionId, roomId, name, content)).Problem);
    }
}
