using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.Audit;
using CaucusRooms.Server.Messages;
using CaucusRooms.Server.Rooms;
using CaucusRooms.Server.SessionState;
using CaucusRooms.Server.Sessions;

namespace CaucusRooms.Server.Consent;

/// <summary>
/// Consent to share (Model Standard V, invariant 10), as hub calls: it finds the caucus item in that room's history
/// (its words known to the session only by a keyed digest), then lets the session decide through the one change
/// pipeline. Only the side that said an item decides; only a mediator relays, and only exactly the approved words.
/// </summary>
internal sealed class ConsentDesk(SessionRepository sessions, ChangePipeline changes, IMessageStore messages, RoomChat chat, WordsDigest digests, AuditTrail audit)
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
        if (await ItemAsync(sessionId, mediator, fromCaucus, itemId, ct) is not { } found) return (null, NoSuchItem());
        var side = found.Session.FindRoom(fromCaucus)?.Side is { } s ? SessionViews.SideName(found.Session, s) ?? "" : "";
        return await chat.RelayAsync(sessionId, mediator, found.Message, to, found.Item.WordsDigest, new SharedFromDto(itemId.ToString("N"), side), ct);
    }

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
            if (await messages.FindByIdAsync(caucus, consent.ItemId, ct) is { } item && Entitlements.MaySee(session, reader, item.Readers))
                visible.Add(ConsentViews.ToDto(consent));
        return (visible, null);
    }

    /// <summary>The item, found in that caucus's history, if the caller may see it; the room comes from the stored message.</summary>
    private async Task<(MediationSession Session, StoredMessage Message, CaucusItem Item)?> ItemAsync(
        SessionId sessionId, ParticipantId caller, RoomId caucus, Guid itemId, CancellationToken ct)
    {
        if (await sessions.LoadAsync(sessionId, ct) is not { } session || session.FindRoom(caucus) is not { Kind: RoomKind.Caucus }) return null;
        if (await messages.FindByIdAsync(caucus, itemId, ct) is not { } message || message.Session != sessionId) return null;
        if (!Entitlements.MaySee(session, caller, message.Readers)) return null;
        return (session, message, new CaucusItem(message.MessageId, caucus, message.Sender, await digests.OfAsync(sessionId, message.Text, ct)));
    }

    private static Refusal NoSuchItem() => new(RefusalReason.UnknownItem, "No such item in that room.");
}
