using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.Infrastructure;
using CaucusRooms.Server.Sessions;
using Microsoft.AspNetCore.SignalR;

namespace CaucusRooms.Server.Rooms;

/// <summary>
/// Room-scoped chat. A send names its room and is either stored with that room and delivered
/// to exactly the connections entitled to it at that moment, or refused (invariants 3 and 4).
/// </summary>
internal sealed class RoomChat(SessionCoordinator sessions, IMessageStore messages, IHubContext<SessionHub, ISessionClient> hub, CaucusMetrics metrics)
{
    public const int MaxClientMessageIdLength = 64;

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
        if (MessageText.IsRefused(text, out var problem))
            return Task.FromResult(Refused(RefusalReason.InvalidInput, problem));

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
            var (message, _) = await messages.AppendAsync(sessionId, room, sender, me.DisplayName, clientMessageId, text, sessions.Now, relay?.From, ct);
            await hub.Clients.Group(GroupNames.Room(room)).MessageReceived(ToDto(message));
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
        var page = await messages.ReadAfterAsync(room, Math.Max(0, afterSeq), max, ct);
        return ([.. page.Select(ToDto)], null);
    }

    public static MessageDto ToDto(StoredMessage m) =>
        new(m.MessageId.ToString("N"), m.Room.ToString(), m.Seq, m.Sender.ToString(), m.SenderName, m.Text, m.SentAt, m.SharedFrom);

    private static (SendAck?, Refusal?) Refused(RefusalReason reason, string message) => (null, new Refusal(reason, message));
}
