using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.Infrastructure;
using CaucusRooms.Server.Sessions;
using Microsoft.AspNetCore.SignalR;

namespace CaucusRooms.Server.Rooms;

/// <summary>
/// Room-scoped chat. A send names its room and is either refused (invariant 4), or stored with that
/// room and its readers — the people entitled to the room at that moment, fixed by the domain under the
/// session's lock — and delivered to those people only (invariant 3). History answers each person with
/// only the messages they may see.
/// </summary>
internal sealed class RoomChat(SessionCoordinator sessions, IMessageStore messages, IHubContext<SessionHub, ISessionClient> hub, CaucusMetrics metrics)
{
    public const int MaxClientMessageIdLength = 64;

    // How many stored messages one history call reads at most while skipping those the caller was no reader of.
    private const int MaxScannedPerHistoryCall = 20_000;

    public Task<(SendAck? Ack, Refusal? Refusal)> SendAsync(
        SessionId sessionId, ParticipantId sender, RoomId room, string? clientMessageId, string? text, CancellationToken ct) =>
        SendAsync(sessionId, sender, room, clientMessageId, text, relay: null, ct);

    /// <summary>
    /// A send, or a relay of a shared caucus item when <paramref name="relay"/> is given: its check runs
    /// under the same lock as the send, so consent withdrawn a moment earlier is always seen.
    /// </summary>
    public Task<(SendAck? Ack, Refusal? Refusal)> SendAsync(
        SessionId sessionId, ParticipantId sender, RoomId room, string? clientMessageId, string? text,
        (SharedFromDto From, Func<MediationSession, Task<Refusal?>> Check)? relay, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(clientMessageId) || clientMessageId.Length > MaxClientMessageIdLength)
            return Task.FromResult(Refused(RefusalReason.InvalidInput, $"A client message id of 1 to {MaxClientMessageIdLength} characters is required."));
        if (string.IsNullOrWhiteSpace(text))
            return Task.FromResult(Refused(RefusalReason.InvalidInput, "A message must not be empty."));
        if (text.Length > HubPaths.MaxMessageLength)
            return Task.FromResult(Refused(RefusalReason.InvalidInput, $"A message may have at most {HubPaths.MaxMessageLength} characters; this one has {text.Length}."));

        var received = System.Diagnostics.Stopwatch.GetTimestamp();
        return sessions.UnderLockAsync(sessionId, async session =>
        {
            // A retry of a send that was stored returns its first ack and delivers nothing again.
            if (await messages.FindAsync(room, sender, clientMessageId, ct) is { } earlier)
                return (new SendAck(earlier.MessageId.ToString("N"), earlier.Seq), (Refusal?)null);
            if (session is null || !Entitlements.MayWrite(session, sender, room))
                return Refused(RefusalReason.NotEntitled, "You may not write in that room now (you may have been moved). Your message was not sent.");

            if (relay is { } r && await r.Check(session) is { } relayRefused) return (null, relayRefused);

            var me = session.Find(sender)!;
            var readers = Entitlements.Readers(session, room);
            var (message, _) = await messages.AppendAsync(sessionId, room, sender, me.DisplayName, clientMessageId, text, sessions.Now, readers, relay?.From, ct);
            await hub.Clients.People(message.Readers).MessageReceived(ToDto(message));
            metrics.MessageSent(session.FindRoom(room)!.Kind.ToString(), System.Diagnostics.Stopwatch.GetElapsedTime(received).TotalMilliseconds);
            return (new SendAck(message.MessageId.ToString("N"), message.Seq), null);
        }, ct);
    }

    public async Task<(IReadOnlyList<MessageDto>? Messages, Refusal? Refusal)> HistoryAsync(
        SessionId sessionId, ParticipantId reader, RoomId room, long afterSeq, int max, CancellationToken ct)
    {
        var session = await sessions.LoadAsync(sessionId, ct);
        if (session is null || !Entitlements.MayRead(session, reader, room))
            return (null, new Refusal(RefusalReason.NotEntitled, "You may not read that room now."));
        // Pages of the room's history, keeping only what this person was a reader of, until a page is full.
        var visible = new List<MessageDto>(Math.Min(max, 64));
        var after = Math.Max(0, afterSeq);
        for (var scanned = 0; visible.Count < max && scanned < MaxScannedPerHistoryCall;)
        {
            var page = await messages.ReadAfterAsync(room, after, max, ct);
            foreach (var message in page)
            {
                after = message.Seq;
                if (!Entitlements.MaySee(session, reader, message.Readers)) continue;
                visible.Add(ToDto(message));
                if (visible.Count == max) break;
            }
            scanned += page.Count;
            if (page.Count < max) break;
        }
        return (visible, null);
    }

    public static MessageDto ToDto(StoredMessage m) =>
        new(m.MessageId.ToString("N"), m.Room.ToString(), m.Seq, m.Sender.ToString(), m.SenderName, m.Text, m.SentAt, m.SharedFrom);

    private static (SendAck?, Refusal?) Refused(RefusalReason reason, string message) => (null, new Refusal(reason, message));
}
