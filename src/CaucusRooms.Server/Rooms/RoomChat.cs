using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.Connections;
using CaucusRooms.Server.Infrastructure;
using CaucusRooms.Server.Messages;
using CaucusRooms.Server.SessionState;
using CaucusRooms.Server.Sessions;

namespace CaucusRooms.Server.Rooms;

/// <summary>
/// Room-scoped chat. A send names its room and is either refused (invariant 4), or stored with that
/// room and its readers — the people entitled to the room at that moment, fixed by the domain under the
/// session's lock (in memory) or on the session version the store's append checks (Redis) — and
/// delivered to those people only (invariant 3). History answers each person with
/// only the messages they may see.
/// </summary>
internal sealed class RoomChat(
    SessionRepository sessions, ChangePipeline changes, IMessageStore messages, IMessageDelivery delivery, CaucusMetrics metrics, TimeProvider clock)
{
    public const int MaxClientMessageIdLength = 64;

    // How many stored messages one history call reads at most while skipping those the caller was no reader of.
    private const int MaxScannedPerHistoryCall = 20_000;

    // How many times a send on a version-checked store is decided again because the session changed meanwhile.
    private const int MaxSendAttempts = 5;

    /// <summary>How long a send waits at most for a change being made (as long as a change waits for the lock), then Busy.</summary>
    public static readonly TimeSpan ChangeWait = TimeSpan.FromSeconds(10);

    // The pauses between appends tried again while a change on another node is being made: 2, 4, 8 … 32 ms.
    private static readonly TimeSpan FirstChangePause = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan MaxChangePause = TimeSpan.FromMilliseconds(32);

    /// <summary>Client message ids in this space belong to relays; a person's own send may not use them.</summary>
    public const string RelayKeyPrefix = "relay:";

    /// <summary>Client message ids in these spaces belong to the service's own sends (relays, announcements, answers to asks).</summary>
    public static readonly IReadOnlyList<string> ReservedKeyPrefixes = [RelayKeyPrefix, "announce:", "answer:"];

    /// <summary>A person's send to the room they name.</summary>
    public Task<(SendAck? Ack, Refusal? Refusal)> SendAsync(
        SessionId sessionId, ParticipantId sender, RoomId room, string? clientMessageId, string? text, CancellationToken ct) =>
        ReservedPrefixOf(clientMessageId) is { } reserved
            ? Task.FromResult(Refused(RefusalReason.InvalidInput, $"Client message ids starting with \"{reserved}\" are reserved for the service's own messages; choose another."))
            : SendAsync(sessionId, sender, room, clientMessageId, text, MessageLinks.None, ct);

    // A loop, not LINQ with a lambda that captured the id: every send asks.
    private static string? ReservedPrefixOf(string? clientMessageId)
    {
        if (clientMessageId is null) return null;
        foreach (var prefix in ReservedKeyPrefixes)
            if (clientMessageId.StartsWith(prefix, StringComparison.Ordinal)) return prefix;
        return null;
    }

    /// <summary>A send with its links (a mediator's proposal in a private room names the item it summarizes).</summary>
    public Task<(SendAck? Ack, Refusal? Refusal)> SendAsync(
        SessionId sessionId, ParticipantId sender, RoomId room, string? clientMessageId, string? text, MessageLinks links, CancellationToken ct)
    {
        if (Problem(clientMessageId, text) is { } problem) return Task.FromResult<(SendAck?, Refusal?)>((null, problem));
        var received = System.Diagnostics.Stopwatch.GetTimestamp();
        return messages is IVersionCheckedAppend versioned
            ? SendWithoutLockAsync(versioned, sessionId, sender, room, clientMessageId!, text!, links, received, ct)
            : SendUnderLockAsync(sessionId, sender, room, clientMessageId!, text!, links, received, ct);
    }

    /// <summary>Under the session's lock, on the current state: the idempotency key, <c>MayWrite</c>, the readers, the append, the delivery.</summary>
    /// <remarks>The lock and the read are taken here, not through a callback: no closure and no extra tasks on every send.</remarks>
    private async Task<(SendAck? Ack, Refusal? Refusal)> SendUnderLockAsync(
        SessionId sessionId, ParticipantId sender, RoomId room, string clientMessageId, string text, MessageLinks links, long received, CancellationToken ct)
    {
        using var held = await sessions.LockAsync(sessionId, ct);
        var session = await sessions.LoadAsync(sessionId, ct);
        // A retry of a send that was stored returns its first ack and delivers nothing again.
        if (await messages.FindAsync(room, sender, clientMessageId, ct) is { } earlier)
            return (Ack(earlier), null);
        if (session is null || !Entitlements.MayWrite(session, sender, room))
            return Refused(RefusalReason.NotEntitled, "You may not write in that room now (you may have been moved). Your message was not sent.");
        var (ack, _) = await AppendAndDeliverAsync(session, sender, room, Entitlements.Readers(session, room), clientMessageId, text, links, received, ct);
        return (ack, null);
    }

    /// <summary>
    /// A send on a store that checks the session's version in its append (Redis): no lock and, on the hot path, one store
    /// call (the append) before the delivery. Decided on the session as this node last read it; if a change committed a
    /// higher version since, the store appends nothing and the send is decided again on the session read afresh, so its
    /// readers are always those of the version it is stored under. While a change holds the session's lock and is not stored
    /// yet (the change is dated before it commits), the send waits for it and is then decided again: for a change made on
    /// this node, on the node's own gate; for one on another node, by trying the append again after a short pause (doubling,
    /// at most <see cref="ChangeWait"/> in all). It never takes the lock itself: a send holding it made every other send of
    /// the session wait too, and under load those waits chained into seconds. A refusal is decided on the session read
    /// afresh, and a retry of a stored send returns its first ack, as under the lock.
    /// </summary>
    private async Task<(SendAck? Ack, Refusal? Refusal)> SendWithoutLockAsync(
        IVersionCheckedAppend store, SessionId sessionId, ParticipantId sender, RoomId room, string clientMessageId, string text, MessageLinks links,
        long received, CancellationToken ct)
    {
        var waitedForChange = false;
        var pause = FirstChangePause;
        var giveUpAt = clock.GetUtcNow() + ChangeWait;
        for (var attempt = 1; attempt <= MaxSendAttempts;)
        {
            var fresh = attempt > 1 || waitedForChange;
            var session = await sessions.LastReadAsync(sessionId, fresh, ct);
            if (session is null || !Entitlements.MayWrite(session, sender, room))
            {
                if (!fresh)
                {
                    attempt++;
                    continue;
                }
                if (await messages.FindAsync(room, sender, clientMessageId, ct) is { } earlier) return (Ack(earlier), null);
                return Refused(RefusalReason.NotEntitled, "You may not write in that room now (you may have been moved). Your message was not sent.");
            }
            var appended = await store.AppendIfCurrentAsync(session.Version, session.Id, room, sender, session.Find(sender)!.DisplayName, clientMessageId, text,
                clock.GetUtcNow(), Entitlements.Readers(session, room), links, ct);
            if (appended.Busy)
            {
                // A change is decided but not stored yet: this send waits for it, then is decided on the session as it left it.
                if (clock.GetUtcNow() > giveUpAt) throw new SessionBusyException();
                if (!await sessions.WaitForChangesHereAsync(sessionId, ct))
                {
                    await Task.Delay(pause, clock, ct);
                    pause = pause * 2 > MaxChangePause ? MaxChangePause : pause * 2;
                }
                waitedForChange = true;
                continue;
            }
            if (appended.Stale)
            {
                attempt++;
                continue;
            }
            if (appended.IsNew) await DeliverAsync(session, appended.Message!, ToDto(appended.Message!), received);
            return (Ack(appended.Message!), null);
        }
        throw new SessionBusyException();
    }

    /// <summary>
    /// A mediator's relay of an item's approved words into another room, decided by the session (the words, the
    /// consent and the target) under the session's lock. The relay's idempotency key is looked up only after that
    /// rule allowed it, in a key space no person's send can reach; a retry returns the first ack and records nothing.
    /// </summary>
    public async Task<(SendAck? Ack, Refusal? Refusal)> RelayAsync(
        SessionId sessionId, ParticipantId mediator, StoredMessage item, RoomId to, string wordsDigest, SharedFromDto sharedFrom, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(item);
        var received = System.Diagnostics.Stopwatch.GetTimestamp();
        var key = RelayKeyPrefix + item.MessageId.ToString("N");
        SendAck? ack = null;
        var outcome = await changes.ChangeAsync(sessionId, nameof(ISessionHub.RelaySharedItem), (s, at) => s.Relay(mediator, item.MessageId, to, wordsDigest, at), async session =>
        {
            if (await messages.FindAsync(to, mediator, key, ct) is { } earlier && earlier.SharedFrom?.ItemId == sharedFrom.ItemId)
            {
                ack = Ack(earlier);
                return false;
            }
            (ack, var isNew) = await AppendAndDeliverAsync(session, mediator, to, Entitlements.Readers(session, to), key, item.Text, new MessageLinks(sharedFrom), received, ct);
            return isNew;
        }, ct);
        return outcome.Refusal is { } refusal ? (null, refusal) : (ack, null);
    }

    /// <summary>
    /// The service's own send of <paramref name="text"/> to <paramref name="room"/> in a reserved key space (an announcement, an
    /// answer to an ask), by a caller that holds the session's lock and fixed <paramref name="readers"/> by the domain's rule.
    /// A retry with the same key returns the first ack and delivers nothing again.
    /// </summary>
    public async Task<SendAck> PostUnderLockAsync(
        MediationSession session, ParticipantId sender, RoomId room, IReadOnlyList<ParticipantId> readers, string key, string text, MessageLinks links, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (await messages.FindAsync(room, sender, key, ct) is { } earlier) return Ack(earlier);
        var (ack, _) = await AppendAndDeliverAsync(session, sender, room, readers, key, text, links, System.Diagnostics.Stopwatch.GetTimestamp(), ct);
        return ack;
    }

    /// <summary>Why a text may not be said, or null (the same rule as a person's send).</summary>
    public static Refusal? TextProblem(string? text) =>
        MessageText.IsRefused(text, out var problem) ? new Refusal(RefusalReason.InvalidInput, problem) : null;

    /// <summary>The append and, for a new message, its delivery; the ack names the message as its delivery did (one text of its id, not two).</summary>
    private async Task<(SendAck Ack, bool IsNew)> AppendAndDeliverAsync(
        MediationSession session, ParticipantId sender, RoomId room, IReadOnlyList<ParticipantId> readers, string clientMessageId, string text, MessageLinks links, long received, CancellationToken ct)
    {
        var (message, isNew) = await messages.AppendAsync(session.Id, room, sender, session.Find(sender)!.DisplayName, clientMessageId, text, clock.GetUtcNow(), readers, links, ct);
        if (!isNew) return (Ack(message), false);
        var dto = ToDto(message);
        await DeliverAsync(session, message, dto, received);
        return (new SendAck(dto.MessageId, message.Seq), true);
    }

    /// <summary>To the message's readers only (their connections, on every node).</summary>
    private async Task DeliverAsync(MediationSession session, StoredMessage message, MessageDto dto, long received)
    {
        await delivery.DeliverAsync(message.Session, message.Readers, dto);
        metrics.MessageSent(session.FindRoom(message.Room)!.Kind.ToString(), System.Diagnostics.Stopwatch.GetElapsedTime(received).TotalMilliseconds);
    }

    /// <summary>Why a send's client message id or text is refused, or null.</summary>
    public static Refusal? Problem(string? clientMessageId, string? text)
    {
        if (string.IsNullOrWhiteSpace(clientMessageId) || clientMessageId.Length > MaxClientMessageIdLength)
            return new Refusal(RefusalReason.InvalidInput, $"A client message id of 1 to {MaxClientMessageIdLength} characters is required.");
        return TextProblem(text);
    }

    private static SendAck Ack(StoredMessage m) => new(m.MessageId.ToString("N"), m.Seq);

    public async Task<(IReadOnlyList<MessageDto>? Messages, Refusal? Refusal)> HistoryAsync(
        SessionId sessionId, ParticipantId reader, RoomId room, long afterSeq, int max, CancellationToken ct)
    {
        // Read-only here: the session as stored now, shared with the sends (not built again for every page a moved person asks for).
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

    /// <remarks>The room's and the sender's ids are the same text on every message: made once (<see cref="IdTexts"/>), not per message and reader.</remarks>
    public static MessageDto ToDto(StoredMessage m) =>
        new(m.MessageId.ToString("N"), IdTexts.Of(m.Room.Value), m.Seq, IdTexts.Of(m.Sender.Value), m.SenderName, m.Text, m.SentAt, m.SharedFrom, m.ProposalOf?.ToString("N"), m.Kind);

    private static (SendAck?, Refusal?) Refused(RefusalReason reason, string message) => (null, new Refusal(reason, message));
}
