using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.Infrastructure;
using CaucusRooms.Server.SessionState;

namespace CaucusRooms.Server.Documents;

/// <summary>
/// Documents in rooms: <c>POST /api/sessions/{id}/rooms/{roomId}/documents?name=…</c> with the file as the raw body,
/// <c>GET …/documents</c> (the room's documents the caller may see) and <c>GET …/documents/{documentId}</c> (the
/// download). A document's readers are fixed when it is shared, as a message's are; everyone else gets a 404. Answers
/// are never cached.
/// </summary>
internal static class DocumentEndpoints
{
    private const string RoomKey = "roomId";

    public static RouteGroupBuilder MapDocuments(this IEndpointRouteBuilder app)
    {
        var documents = app.MapGroup($"/api/sessions/{{{SessionCaller.RouteKey}}}/rooms/{{{RoomKey}}}/documents")
            .RequireAuthorization().NeverCachedAnswers().RequireSessionCaller(SessionCallerRules.Participant);
        documents.MapPost("", ShareAsync);
        documents.MapGet("", async (string roomId, SessionCaller caller, IDocumentStore store, CancellationToken ct) =>
        {
            if (!TryFindRoom(caller, roomId, out var room)) return NoSuchRoom;
            var visible = (await store.ListAsync(caller.Session.Id, ct))
                .Where(d => d.Room == room && Entitlements.MayDownload(caller.Session, caller.Me, d.Readers));
            return Results.Ok(visible.Select(d => ToDto(caller.Session.Id, d)).ToList());
        });
        documents.MapGet("/{documentId}", async (string roomId, string documentId, HttpContext http, SessionCaller caller, IDocumentStore store, CancellationToken ct) =>
        {
            if (!TryFindRoom(caller, roomId, out var room) || !Ids.TryParse(documentId, out var id)) return NoSuchDocument;
            var document = (await store.ListAsync(caller.Session.Id, ct)).FirstOrDefault(d => d.DocumentId == id && d.Room == room);
            if (document is null || !Entitlements.MayDownload(caller.Session, caller.Me, document.Readers)) return NoSuchDocument;
            if (await store.ContentAsync(caller.Session.Id, id, ct) is not { } content) return NoSuchDocument;
            http.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.File(content, Domain.Documents.ContentType(document.Kind), document.Name);
        });
        return documents;
    }

    private static async Task<IResult> ShareAsync(
        string roomId, string? name, HttpRequest request, SessionCaller caller, RoomDocuments documents, CancellationToken ct)
    {
        if (!TryFindRoom(caller, roomId, out var room)) return NoSuchRoom;
        if (Entitlements.WhyNotShareDocument(caller.Session, caller.Me, room) is { } notYours) return notYours.ToHttp();
        if (name?.Trim() is not { Length: > 0 and <= DocumentLimits.MaxNameLength } label || label.Any(c => char.IsControl(c) || c is '/' or '\\'))
            return Refusals.Error(400, nameof(RefusalReason.InvalidInput),
                $"A file name of 1 to {DocumentLimits.MaxNameLength} characters, without slashes, is required (?name=…). The file was not shared.");
        if (await ReadBoundedAsync(request, ct) is not { } content) return Domain.Documents.TooLarge.ToHttp();
        if (Domain.Documents.WhyNotAccept(content, out var kind) is { } badFile) return badFile.ToHttp();

        // The upload is read outside the lock; the share is decided and stored under it, on the session as it is now, so
        // its readers are those of the moment it is stored (a move committed meanwhile is taken into account, as for a send).
        var (document, refusal) = await documents.ShareAsync(caller.Session.Id, caller.Me, room, label, kind, content, ct);
        return document is null ? refusal!.ToHttp() : Results.Created(document.DownloadPath, document);
    }

    /// <summary>The body, read only up to the limit: null as soon as it is larger (nothing more is read or kept).</summary>
    private static async Task<byte[]?> ReadBoundedAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > Domain.Documents.MaxBytes) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > Domain.Documents.MaxBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static bool TryFindRoom(SessionCaller caller, string roomId, out RoomId room)
    {
        room = Ids.TryParse(roomId, out var id) ? new RoomId(id) : default;
        return caller.Session.FindRoom(room) is not null;
    }

    private static IResult NoSuchRoom => Refusals.Error(404, nameof(RefusalReason.UnknownRoom), "No such room in this session.");

    private static IResult NoSuchDocument => Refusals.Error(404, nameof(RefusalReason.UnknownItem), "No such document in that room, or it is not yours to read.");

    public static DocumentDto ToDto(SessionId session, StoredDocument d) =>
        new(d.DocumentId.ToString("N"), d.Room.ToString(), d.Name, d.Size, d.Kind.ToString(), d.SharedBy.ToString(), d.SharedByName, d.SharedAt,
            $"/api/sessions/{session}/rooms/{d.Room}/documents/{d.DocumentId:N}", d.SharedFrom);
}
