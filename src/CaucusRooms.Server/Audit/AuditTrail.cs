using System.Globalization;
using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.SessionState;

namespace CaucusRooms.Server.Audit;

/// <summary>
/// Writes the audit trail: who was invited, accepted, admitted, moved, removed; consents and
/// relays by item id; documents shared, by id, room, kind and size (never a file name); warnings heeded or
/// overridden; close and purge. Never a word of a message: the methods here take no text, so none can be written.
/// </summary>
internal sealed class AuditTrail(IAuditStore store, TimeProvider clock)
{
    /// <summary>
    /// The trail's entry for a change of the session: not appended here, but given to the session store, which stores
    /// it in the same step as the changed session (a committed change never lacks its entry).
    /// </summary>
    public static AuditEntryDto EntryFor(MediationSession session, SessionEvent e)
    {
        string? Name(ParticipantId id) => session.Find(id)?.DisplayName;
        string? RoomName(RoomId id) => session.FindRoom(id) is { } r ? RoomLabel(session, r) : null;
        AuditEntryDto Entry(string kind, ParticipantId? target = null, string? from = null, string? to = null, string? detail = null, Guid? item = null, string? hmac = null) =>
            new(0, e.At, kind, e.Actor.ToString(), Name(e.Actor), target?.ToString(), target is { } t ? Name(t) : null, from, to, item?.ToString("N"), detail, hmac);

        return e switch
        {
            SessionOpened => Entry("SessionOpened"),
            ParticipantInvited x => Entry("Invited", x.Participant, detail: $"{x.Role}{(x.Side is { } s ? " of " + SessionViews.SideName(session, s) : "")}"),
            AgreementAccepted x => Entry("AgreementAccepted", detail: $"typed name \"{session.Find(x.Actor)?.Acceptance?.TypedName}\", agreement version {x.AgreementVersion}"),
            ParticipantAdmitted x => Entry("Admitted", x.Participant, to: RoomName(x.To)),
            ParticipantMoved x => Entry("Moved", x.Participant, RoomName(x.From), RoomName(x.To)),
            ParticipantLockChanged x => Entry(x.IsLocked ? "Locked" : "Unlocked", x.Participant),
            ParticipantRemoved x => Entry("Removed", x.Participant),
            MediatorAskedFor => Entry("MediatorAskedFor"),
            MuteOnArrivalChanged x => Entry("MuteOnArrivalChanged", detail: x.MuteOnArrival ? "arrivals muted" : "arrivals not muted"),
            SessionClosed => Entry("SessionClosed"),
            ConsentAsked { ProposalOf: { } of } x => Entry("SummaryProposed", from: RoomName(x.Caucus), item: x.ItemId, detail: $"a summary of item {of:N}, put to the side for approval"),
            ConsentAsked x => Entry("ConsentAsked", from: RoomName(x.Caucus), item: x.ItemId),
            ConsentGranted x => Entry("ConsentGranted", from: RoomName(x.Caucus), item: x.ItemId),
            ConsentWithdrawn x => Entry("ConsentWithdrawn", from: RoomName(x.Caucus), item: x.ItemId),
            // Recorded only once the relay delivered its message (the change is stored after the send).
            ItemRelayed x => Entry("Relayed", from: RoomName(x.From), to: RoomName(x.To), item: x.ItemId, hmac: x.WordsDigest),
            // Like a message, never its name or content: the room, the kind and the size.
            DocumentShared x => Entry("DocumentShared", to: RoomName(x.Room), item: x.DocumentId, detail: string.Create(CultureInfo.InvariantCulture, $"{x.Kind}, {x.Size} bytes")),
            _ => Entry(e.GetType().Name),
        };
    }

    /// <summary>The misdirected-send guard's decisions: by room, never the words.</summary>
    public Task RecordItemAsync(MediationSession session, ParticipantId actor, string kind, RoomId? from, RoomId? to, Guid? itemId, CancellationToken ct = default) =>
        store.AppendAsync(session.Id, new AuditEntryDto(0, clock.GetUtcNow(), kind, actor.ToString(), session.Find(actor)?.DisplayName, null, null,
            from is { } f && session.FindRoom(f) is { } fr ? RoomLabel(session, fr) : null,
            to is { } t && session.FindRoom(t) is { } tr ? RoomLabel(session, tr) : null,
            itemId?.ToString("N"), null), ct);

    public Task RecordPurgeAsync(SessionId session, CancellationToken ct = default) =>
        store.AppendAsync(session, new AuditEntryDto(0, clock.GetUtcNow(), "MessagesPurged", null, null, null, null, null, null, null,
            "message history and its data key destroyed"), ct);

    private static string RoomLabel(MediationSession session, Room room) =>
        room.Kind == RoomKind.Caucus ? $"Caucus {SessionViews.SideName(session, room.Side)}" : room.Kind.ToString();
}
