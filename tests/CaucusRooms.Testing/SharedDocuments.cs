using System.Net.Http.Headers;

namespace CaucusRooms.Testing;

/// <summary>The documents endpoints as a browser calls them: a share is the file as the raw body, named in the query.</summary>
public static class SharedDocuments
{
    /// <summary>A small PDF, by its first bytes.</summary>
    public static byte[] Pdf(string line = "bottom line: 40k") => System.Text.Encoding.ASCII.GetBytes($"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n% {line}\n%%EOF");

    /// <summary>The room's documents: GET lists them, POST shares one.</summary>
    public static string Path(string sessionId, string roomId) => $"/api/sessions/{sessionId}/rooms/{roomId}/documents";

    /// <summary>Shares <paramref name="content"/> as <paramref name="name"/> into the room, from <paramref name="browser"/>.</summary>
    public static async Task<HttpResponseMessage> ShareAsync(HttpClient browser, string sessionId, string roomId, byte[] content, string name = "offer.pdf")
    {
        ArgumentNullException.ThrowIfNull(browser);
        using var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return await browser.PostAsync(new Uri($"{Path(sessionId, roomId)}?name={Uri.EscapeDataString(name)}", UriKind.Relative), body);
    }
}
