using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.Infrastructure;
using CaucusRooms.Server.SessionState;

namespace CaucusRooms.Server.Notes;

/// <summary>
/// The mediator's private notes, one notepad per session: <c>GET</c> and <c>PUT /api/sessions/{id}/notes</c> (saved as
/// the mediator types) and <c>GET …/notes/export</c> (a text file). Only the session's mediators reach them; they are
/// never cached, and they are purged with the session's messages.
/// </summary>
internal static class NotesEndpoints
{
    public static RouteGroupBuilder MapNotes(this IEndpointRouteBuilder app)
    {
        var notes = app.MapGroup($"/api/sessions/{{{SessionCaller.RouteKey}}}/notes").RequireAuthorization().NeverCachedAnswers();
        notes.MapGet("", async (SessionCaller reader, IMediatorNotesStore store, CancellationToken ct) =>
            Results.Ok(ToDto(await store.GetAsync(reader.Session.Id, ct)))).RequireSessionCaller(SessionCallerRules.RecordsReader);
        notes.MapGet("/export", async (SessionCaller reader, IMediatorNotesStore store, CancellationToken ct) =>
        {
            var stored = await store.GetAsync(reader.Session.Id, ct);
            var text = $"Private notes — {reader.Session.Title}\n{(stored is null ? "(no notes)" : $"Last saved {stored.SavedAt:u} by {stored.SavedByName}")}\n\n{stored?.Text}";
            return Results.File(System.Text.Encoding.UTF8.GetBytes(text), "text/plain; charset=utf-8", "mediator-notes.txt");
        }).RequireSessionCaller(SessionCallerRules.RecordsReader);
        notes.MapPut("", async (SaveNotesRequest? request, SessionCaller keeper, IMediatorNotesStore store, TimeProvider clock, CancellationToken ct) =>
        {
            if (request?.Text is not { Length: <= MediatorNotesLimits.MaxLength } text)
                return Refusals.Error(400, nameof(RefusalReason.InvalidInput), $"Notes of at most {MediatorNotesLimits.MaxLength:N0} characters are required (an empty text clears them). They were not saved.");
            var stored = new StoredNotes(text, clock.GetUtcNow(), keeper.Me, keeper.Session.Find(keeper.Me)!.DisplayName);
            await store.SaveAsync(keeper.Session.Id, stored, ct);
            return Results.Ok(ToDto(stored));
        }).RequireSessionCaller(Keeper);
        return notes;
    }

    private static MediatorNotesDto ToDto(StoredNotes? notes) => notes is null ? new("", null, null) : new(notes.Text, notes.SavedAt, notes.SavedByName);

    /// <summary>A mediator acting now in the open session; the session's other people get a 403, everyone else the 404.</summary>
    private static IResult? Keeper(SessionCaller caller) =>
        !caller.IsFound ? SessionCallerRules.NotAMember
        : Entitlements.MayKeepNotes(caller.Session, caller.Me) ? null
        : Refusals.Error(403, nameof(RefusalReason.NotAMediator), "Only a mediator of this open session can write its private notes.");
}
