using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.Audit;
using CaucusRooms.Server.Rooms;
using CaucusRooms.Server.Sessions;
using Microsoft.AspNetCore.SignalR;

namespace CaucusRooms.Server.Consent;

/// <summary>
/// Consent to share (Model Standard V): only the side that said a caucus item decides whether it
/// may be shared; only a mediator relays it, only while consent stands, and every step is audited
/// by item id — never by its words (invariant 10).
/// </summary>
internal sealed class ConsentDesk(
    SessionCoordinator sessions,
    IMessageStore messages,
    IConsentStore consents,
    RoomChat chat,
    AuditTrail audit,
    IHubContext<SessionHub, ISessionClient> hub)
{
    public const int MaxSummaryLength = HubPaths.MaxMessageLength;

    /// <summary>A mediator asks the side whether an item of its caucus may be shared.</summary>
    public Task<Refusal?> AskAsync(SessionId sessionId, ParticipantId mediator, RoomId caucus, Guid itemId, CancellationToken ct) =>
        sessions.UnderLockAsync(sessionId, async session =>
        {
            if (session is null || !Entitlements.MayAskForConsent(session, mediator, caucus))
                return new Refusal(RefusalReason.NotAMediator, "Only a mediator asks a side for consent, and only about an item of that side's private room.");
            if (await messages.FindByIdAsync(caucus, itemId, ct) is null) return NoSuchItem();
            if ((await consents.GetAsync(itemId, ct))?.State == ConsentState.Granted)
                return new Refusal(RefusalReason.NoChange, "That side already said it may be shared.");
            await ChangeAsync(session, mediator, caucus, itemId, ConsentState.Asked, "ConsentAsked", ct);
            return null;
        }, ct);

    /// <summary>A party or advisor of the caucus's side grants or withdraws consent for one item.</summary>
    public Task<Refusal?> DecideAsync(SessionId sessionId, ParticipantId person, RoomId caucus, Guid itemId, bool shareable, CancellationToken ct) =>
        sessions.UnderLockAsync(sessionId, async session =>
        {
            if (session is null || !Entitlements.MayDecideConsent(session, person, caucus))
                return new Refusal(RefusalReason.NotEntitled, "Only the side that said it can decide whether it may be shared.");
            if (await messages.FindByIdAsync(caucus, itemId, ct) is not { } item) return NoSuchItem();
            var current = await consents.GetAsync(itemId, ct);
            // What the mediator said in the caucus is shared only when the mediator asked and the side confirms.
            if (shareable && !Entitlements.MayGrantConsent(session, person, caucus, item.Sender, mediatorAsked: current?.State is ConsentState.Asked or ConsentState.Withdrawn))
                return new Refusal(RefusalReason.NotEntitled, "The mediator has to ask your side before sharing what the mediator said here.");
            var next = shareable ? ConsentState.Granted : ConsentState.Withdrawn;
            if (current?.State == next) return new Refusal(RefusalReason.NoChange, shareable ? "It is already marked as shareable." : "It is not marked as shareable.");
            if (!shareable && current is null) return new Refusal(RefusalReason.NoChange, "It is not marked as shareable.");
            await ChangeAsync(session, person, caucus, itemId, next, shareable ? "ConsentGranted" : "ConsentWithdrawn", ct);
            return null;
        }, ct);

    /// <summary>A mediator relays a shareable item (or a summary linked to it) into the joint room or another side's caucus.</summary>
    public async Task<(SendAck? Ack, Refusal? Refusal)> RelayAsync(
        SessionId sessionId, ParticipantId mediator, RoomId fromCaucus, Guid itemId, RoomId to, string? summary, CancellationToken ct)
    {
        if (summary is { Length: > MaxSummaryLength })
            return (null, new Refusal(RefusalReason.InvalidInput, $"A summary may have at most {MaxSummaryLength} characters."));
        var loaded = await sessions.LoadAsync(sessionId, ct);
        var item = await messages.FindByIdAsync(fromCaucus, itemId, ct);
        if (loaded is null || item is null) return (null, NoSuchItem());
        var side = loaded.FindRoom(fromCaucus)?.Side is { } s ? SessionViews.SideName(loaded, s) ?? "" : "";
        var text = string.IsNullOrWhiteSpace(summary) ? item.Text : summary.Trim();

        async Task<Refusal?> StillShareable(MediationSession session)
        {
            if (!Entitlements.MayRelay(session, mediator, fromCaucus, to))
                return new Refusal(RefusalReason.NotEntitled, "Only a mediator relays, only out of a private room, into the joint room or another side's private room.");
            if ((await consents.GetAsync(itemId, ct))?.State != ConsentState.Granted)
                return new Refusal(RefusalReason.NotShareable, "That item is not marked as shareable by the side that said it.");
            return null;
        }

        var result = await chat.SendAsync(sessionId, mediator, to, $"relay-{itemId:N}", text, (new SharedFromDto(itemId.ToString("N"), side), StillShareable), ct);
        if (result.Ack is not null && await sessions.LoadAsync(sessionId, ct) is { } now)
            await audit.RecordItemAsync(now, mediator, "Relayed", fromCaucus, to, itemId, ct);
        return result;
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

    /// <summary>The consent states of a caucus's items, for someone who may read it now.</summary>
    public async Task<(IReadOnlyList<ConsentDto>? Consents, Refusal? Refusal)> ListAsync(SessionId sessionId, ParticipantId reader, RoomId caucus, CancellationToken ct)
    {
        var session = await sessions.LoadAsync(sessionId, ct);
        if (session is null || !Entitlements.MayRead(session, reader, caucus))
            return (null, new Refusal(RefusalReason.NotEntitled, "You may not read that room now."));
        return ([.. (await consents.ListAsync(caucus, ct)).Select(ToDto)], null);
    }

    private async Task ChangeAsync(MediationSession session, ParticipantId actor, RoomId caucus, Guid itemId, ConsentState state, string auditKind, CancellationToken ct)
    {
        var record = new ConsentRecord(session.Id, caucus, itemId, state, sessions.Now);
        await consents.SetAsync(record, ct);
        await audit.RecordItemAsync(session, actor, auditKind, caucus, null, itemId, ct);
        await hub.Clients.People(Entitlements.Readers(session, caucus)).ConsentChanged(ToDto(record));
    }

    private static ConsentDto ToDto(ConsentRecord r) => new(r.Caucus.ToString(), r.ItemId.ToString("N"), r.State.ToString(), r.At);

    private static Refusal NoSuchItem() => new(RefusalReason.UnknownItem, "No such item in that room.");
}
