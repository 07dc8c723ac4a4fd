using System.Security.Cryptography;
using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.Audit;
using CaucusRooms.Server.Connections;
using CaucusRooms.Server.Sessions;

namespace CaucusRooms.Server.Documents;

/// <summary>
/// Documents as changes of the session. A share and a relay onward are each decided by the session under its lock, through
/// the one change pipeline, so each is stored with its content-free audit entry in one step (one script on Redis). The
/// document is stored right after, still under the lock, with the readers of its room in the version just stored, and
/// told to them only: no document is ever stored that its trail does not record.
/// </summary>
internal sealed class RoomDocuments(ChangePipeline changes, IDocumentStore store, ISessionClients clients, WordsDigest digests, TimeProvider clock)
{
    /// <summary>Shares checked content into a room: refused when the person may not write there now, or it is a caucus file going to other readers.</summary>
    public async Task<(DocumentDto? Document, Refusal? Refusal)> ShareAsync(
        SessionId sessionId, ParticipantId sharer, RoomId room, string name, DocumentKind kind, byte[] content, CancellationToken ct)
    {
        var id = Guid.NewGuid();
        var sha256 = Convert.ToHexString(SHA256.HashData(content));
        DocumentDto? shared = null;
        var outcome = await changes.ChangeAsync(sessionId, "ShareDocument", async (session, at) =>
        {
            // A refusal below drops this copy of the session, the share's version included.
            var decided = session.ShareDocument(sharer, room, id, kind, content.Length, at);
            if (!decided.IsAccepted) return decided;
            var readers = Entitlements.Readers(session, room);
            var earlier = await store.ListAsync(session.Id, ct);
            return earlier.Where(d => string.Equals(d.Sha256, sha256, StringComparison.Ordinal))
                .Select(d => Entitlements.WhyNotShareCopy(session, readers, d.Room, d.Readers)).FirstOrDefault(r => r is not null) is { } needsConsent
                ? Outcome.Refused(needsConsent)
                : decided;
        }, async session =>
        {
            var document = new StoredDocument(id, room, name, kind, content.Length, sha256, sharer, session.Find(sharer)!.DisplayName, clock.GetUtcNow(),
                Entitlements.Readers(session, room));
            shared = await StoreAndTellAsync(session, document, content, ct);
        }, ct);
        return outcome.Refusal is { } refusal ? (null, refusal) : (shared, null);
    }

    /// <summary>The caucus document as an item of the consent flow, if <paramref name="caller"/> may see it; its room is the stored one's.</summary>
    public async Task<(StoredDocument Document, CaucusItem Item)?> ItemAsync(MediationSession session, ParticipantId caller, RoomId caucus, Guid documentId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.FindRoom(caucus) is not { Kind: RoomKind.Caucus }) return null;
        if ((await store.ListAsync(session.Id, ct)).FirstOrDefault(d => d.DocumentId == documentId && d.Room == caucus) is not { } document) return null;
        if (!Entitlements.MayDownload(session, caller, document.Readers)) return null;
        return (document, Domain.Documents.ItemOf(document.DocumentId, caucus, document.SharedBy, await digests.OfDocumentAsync(session.Id, document.Sha256, ct)));
    }

    /// <summary>
    /// A mediator relays a copy of a caucus document its side approved (the session's <see cref="MediationSession.Relay"/>) into
    /// <paramref name="to"/>: the copy's readers are that room's at this moment; the original and its readers stay as they are.
    /// A retry of the same relay answers with the first copy and records nothing again.
    /// </summary>
    public async Task<(DocumentDto? Document, Refusal? Refusal)> RelayAsync(
        SessionId sessionId, ParticipantId mediator, StoredDocument original, CaucusItem item, RoomId to, SharedFromDto sharedFrom, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(item);
        DocumentDto? relayed = null;
        byte[]? content = null;
        var outcome = await changes.ChangeAsync(sessionId, nameof(ISessionHub.RelaySharedDocument), async (session, at) =>
        {
            var decided = session.Relay(mediator, item.Id, to, item.WordsDigest, at);
            if (!decided.IsAccepted) return decided;
            var documents = await store.ListAsync(session.Id, ct);
            if (documents.FirstOrDefault(d => d.Room == to && string.Equals(d.SharedFrom?.ItemId, sharedFrom.ItemId, StringComparison.Ordinal)) is { } earlier)
            {
                relayed = DocumentEndpoints.ToDto(session.Id, earlier);
                return Outcome.Refused(RefusalReason.NoChange, "That document was relayed there already.");
            }
            content = await store.ContentAsync(session.Id, original.DocumentId, ct);
            return content is null ? Outcome.Refused(RefusalReason.UnknownItem, "No such document in that room.") : decided;
        }, async session =>
        {
            var copy = original with
            {
                DocumentId = Guid.NewGuid(),
                Room = to,
                SharedBy = mediator,
                SharedByName = session.Find(mediator)!.DisplayName,
                SharedAt = clock.GetUtcNow(),
                Readers = Entitlements.Readers(session, to),
                SharedFrom = sharedFrom,
            };
            relayed = await StoreAndTellAsync(session, copy, content!, ct);
        }, ct);
        // A retry is refused as no change by the session's trail, and answered with the first copy.
        return relayed is not null ? (relayed, null) : (null, outcome.Refusal);
    }

    private async Task<DocumentDto> StoreAndTellAsync(MediationSession session, StoredDocument document, byte[] content, CancellationToken ct)
    {
        await store.AddAsync(session.Id, document, content, ct);
        var dto = DocumentEndpoints.ToDto(session.Id, document);
        await clients.Clients.People(document.Readers).DocumentShared(dto);
        return dto;
    }
}
