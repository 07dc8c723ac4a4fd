using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.Audit;
using CaucusRooms.Server.Documents;
using CaucusRooms.Server.Messages;
using CaucusRooms.Server.Rooms;
using CaucusRooms.Server.SessionState;
using CaucusRooms.Server.Sessions;

namespace CaucusRooms.Server.Consent;

/// <summary>
/// Consent to share (Model Standard V, invariant 10), as hub calls: it finds the caucus item in that room's history
/// (its words known to the session only by a keyed digest), then lets the session decide through the one change
/// pipeline. Only the side that said an item decides; only a mediator relays, and only exactly the approved words.
/// A document shared in a caucus is an item too (its id in place of a message id, a keyed hash of its content in place
/// of its words); a mediator relays a copy of it (<see cref="RelayDocumentAsync"/>).
/// </summary>
internal sealed class ConsentDesk(
    SessionRepository sessions, ChangePipeline changes, IMessageStore messages, RoomChat chat, RoomDocuments documents, WordsDigest digests, AuditTrail audit)
{
    public const int MaxSummaryLength = HubPaths.MaxMessageLength;

    /// <summary>A mediator asks the side whether an item of its caucus may be shared.</summary>
    public async Task<Refusal?> AskAsync(SessionId sessionId, ParticipantId mediator, RoomId caucus, Guid itemId, CancellationToken ct)
    {
        if (await ItemAsync(sessionId, mediator, caucus, itemId, ct) is not { } found) return NoSuchItem();
        return (await changes.ChangeAsync(sessionId, nameof(ISessionHub.AskForConsent), (s, at) => s.AskForConsent(mediator, found.Item, at), ct)).Refusal;
    }

    /// <summary>A party or advisor of the caucus's side approves exactly an item's words, or declines / takes that back.</summary>
    public async Task<Refusal?> DecideAsync(SessionId sessionId, ParticipantId person, RoomId caucus, Guid itemId, bool approve, CancellationToken ct)
    {
        if (await ItemAsync(sessionId, person, caucus, itemId, ct) is not { } found) return NoSuchItem();
        return (await changes.ChangeAsync(sessionId, approve ? "ConsentGranted" : "ConsentWithdrawn", (s, at) => s.DecideConsent(person, found.Item, approve, at), ct)).Refusal;
    }

    /// <summary>
    /// A mediator proposes to share an item in other words: the summary is said in the side's private room, marked as a
    /// proposal of that item, and crosses only once the side approves exactly these words. Editing it is a new proposal.
    /// </summary>
    public async Task<(SendAck? Ack, Refusal? Refusal)> ProposeAsync(
        SessionId sessionId, ParticipantId mediator, RoomId caucus, Guid itemId, string? clientMessageId, string? summary, CancellationToken ct)
    {
        if (await ItemAsync(sessionId, mediator, caucus, itemId, ct) is not { } summarized) return (null, NoSuchItem());
        if (summarized.Message is null)
            return (null, new Refusal(RefusalReason.InvalidInput, "A file goes onward as it is, never in other words: share a copy of it once the side consented (RelaySharedDocument)."));
        var session = await sessions.LoadAsync(sessionId, ct);
        if (session is null || !Entitlements.MayAskForConsent(session, mediator, caucus))
            return (null, new Refusal(RefusalReason.NotAMediator, "Only a mediator proposes a summary, in the private room of the side that said the item."));
        if (session.ConsentOf(itemId)?.ProposalOf is not null)
            return (null, new Refusal(RefusalReason.InvalidInput, "Propose a summary of what the side said, not of another proposal."));
        var sent = await chat.SendAsync(sessionId, mediator, caucus, clientMessageId, summary, new MessageLinks(ProposalOf: itemId), ct);
        if (sent.Ack is not { } ack || await messages.FindByIdAsync(caucus, Guid.Parse(ack.MessageId), ct) is not { } proposal) return sent;
        var proposed = new CaucusItem(proposal.MessageId, caucus, mediator, await digests.OfAsync(sessionId, proposal.Text, ct));
        // A retry of the same proposal finds it registered already: the first ack stands.
        if (session.ConsentOf(proposal.MessageId) is not null) return sent;
        var outcome = await changes.ChangeAsync(sessionId, nameof(ISessionHub.ProposeSummary), (s, at) =>
            s.ConsentOf(proposal.MessageId) is not null ? Outcome.Refused(RefusalReason.NoChange, "That proposal was already made.") : s.ProposeSummary(mediator, proposed, summarized.Item, at), ct);
        return outcome.Refusal is { Reason: not RefusalReason.NoChange } refused ? (null, refused) : sent;
    }

    /// <summary>
    /// A mediator relays an item the side approved — the item itself, or an approved proposal — verbatim into the joint
    /// room or another side's caucus. A summary passed here is refused: other words need the side's approval first.
    /// </summary>
    public async Task<(SendAck? Ack, Refusal? Refusal)> RelayAsync(
        SessionId sessionId, ParticipantId mediator, RoomId fromCaucus, Guid itemId, RoomId to, string? summary, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(summary))
            return (null, new Refusal(RefusalReason.NotApproved,
                "Other words reach another side only once that side approved them: propose the summary to the side first (ProposeSummary), then share the approved proposal."));
        if (await ItemAsync(sessionId, mediator, fromCaucus, itemId, ct) is not { Message: { } message } found) return (null, NoSuchItem());
        return await chat.RelayAsync(sessionId, mediator, message, to, found.Item.WordsDigest, SharedFrom(found.Session, fromCaucus, itemId), ct);
    }

    /// <summary>
    /// A mediator relays a copy of a caucus document its side approved into the joint room or another side's caucus, exactly
    /// as an item's words are relayed: the copy's readers are that room's now, the original's stay as they were.
    /// </summary>
    public async Task<(DocumentDto? Document, Refusal? Refusal)> RelayDocumentAsync(
        SessionId sessionId, ParticipantId mediator, RoomId fromCaucus, Guid documentId, RoomId to, CancellationToken ct)
    {
        if (await sessions.LoadAsync(sessionId, ct) is not { } session || await documents.ItemAsync(session, mediator, fromCaucus, documentId, ct) is not { } found)
            return (null, new Refusal(RefusalReason.UnknownItem, "No such document in that room."));
        return await documents.RelayAsync(sessionId, mediator, found.Document, found.Item, to, SharedFrom(session, fromCaucus, documentId), ct);
    }

    private static SharedFromDto SharedFrom(MediationSession session, RoomId caucus, Guid itemId) =>
        new(itemId.ToString("N"), session.FindRoom(caucus)?.Side is { } side ? SessionViews.SideName(session, side) ?? "" : "");

    /// <summary>Records the mediator's answer to the misdirected-send warning — the decision, never the text.</summary>
    public async Task<Refusal?> RecordWarningAsync(SessionId sessionId, ParticipantId mediator, RoomId room, bool sentAnyway, CancellationToken ct)
    {
        var session = await sessions.LoadAsync(sessionId, ct);
        if (session is null || !Entitlements.ActsAsMediator(session, mediator) || session.FindRoom(room) is null)
            return new Refusal(RefusalReason.NotAMediator, "Only a mediator's composer shows that warning.");
        await audit.RecordItemAsync(session, mediator, sentAnyway ? "WarningOverridden" : "WarningHeeded", null, room, null, ct);
        return null;
    }

    /// <summary>The consent states of a caucus's items that the caller may see, for someone who may read it now.</summary>
    public async Task<(IReadOnlyList<ConsentDto>? Consents, Refusal? Refusal)> ListAsync(SessionId sessionId, ParticipantId reader, RoomId caucus, CancellationToken ct)
    {
        var session = await sessions.LoadAsync(sessionId, ct);
        if (session is null || !Entitlements.MayRead(session, reader, caucus))
            return (null, new Refusal(RefusalReason.NotEntitled, "You may not read that room now."));
        var visible = new List<ConsentDto>();
        foreach (var consent in session.Consents.Where(c => c.Caucus == caucus).OrderBy(c => c.At))
            if (await MaySeeItemAsync(session, reader, caucus, consent.ItemId, ct)) visible.Add(ConsentViews.ToDto(consent));
        return (visible, null);
    }

    /// <summary>Whether the reader may see the caucus item: a message they were a reader of, or a document of that caucus they may download.</summary>
    private async Task<bool> MaySeeItemAsync(MediationSession session, ParticipantId reader, RoomId caucus, Guid itemId, CancellationToken ct)
    {
        if (await messages.FindByIdAsync(caucus, itemId, ct) is { } item) return Entitlements.MaySee(session, reader, item.Readers);
        return await documents.ItemAsync(session, reader, caucus, itemId, ct) is not null;
    }

    /// <summary>
    /// The item, found in that caucus's history or among its documents, if the caller may see it; the room comes from the
    /// stored message or document (<see cref="StoredMessage"/> is null for a document).
    /// </summary>
    private async Task<(MediationSession Session, StoredMessage? Message, CaucusItem Item)?> ItemAsync(
        SessionId sessionId, ParticipantId caller, RoomId caucus, Guid itemId, CancellationToken ct)
    {
        if (await sessions.LoadAsync(sessionId, ct) is not { } session || session.FindRoom(caucus) is not { Kind: RoomKind.Caucus }) return null;
        if (await messages.FindByIdAsync(caucus, itemId, ct) is not { } message || message.Session != sessionId)
        {
            if (await documents.ItemAsync(session, caller, caucus, itemId, ct) is not { } document) return null;
            return (session, null, document.Item);
        }
        if (!Entitlements.MaySee(session, caller, message.Readers)) return null;
        return (session, message, new CaucusItem(message.MessageId, caucus, message.Sender, await digests.OfAsync(sessionId, message.Text, ct)));
    }

    private static Refusal NoSuchItem() => new(RefusalReason.UnknownItem, "No such item in that room.");
}
