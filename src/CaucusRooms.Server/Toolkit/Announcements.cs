using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.Messages;
using CaucusRooms.Server.Rooms;
using CaucusRooms.Server.SessionState;

namespace CaucusRooms.Server.Toolkit;

/// <summary>
/// A mediator's announcement: said once, stored in every room with that room's readers fixed now by the domain
/// (together everyone admitted at this moment, never the lobby), so live delivery and history obey the readers rule.
/// </summary>
internal sealed class Announcements(SessionRepository sessions, RoomChat chat)
{
    public const string KeyPrefix = "announce:";

    public Task<(IReadOnlyList<SendAck>? Acks, Refusal? Refusal)> AnnounceAsync(
        SessionId id, ParticipantId mediator, string? clientMessageId, string? text, CancellationToken ct)
    {
        if (RoomChat.Problem(clientMessageId, text) is { } problem) return Task.FromResult<(IReadOnlyList<SendAck>?, Refusal?)>((null, problem));
        return sessions.UnderLockAsync(id, async session =>
        {
            if (session is null) return (null, new Refusal(RefusalReason.UnknownSession, "No such session."));
            if (session.WhyNotAnnounce(mediator) is { } refused) return (null, refused);
            var acks = new List<SendAck>();
            var links = new MessageLinks(Kind: MessageKinds.Announcement);
            foreach (var (room, readers) in session.AnnouncementRooms())
                acks.Add(await chat.PostUnderLockAsync(session, mediator, room, readers, KeyPrefix + clientMessageId, text!, links, ct));
            return ((IReadOnlyList<SendAck>?)acks, (Refusal?)null);
        }, ct);
    }
}
