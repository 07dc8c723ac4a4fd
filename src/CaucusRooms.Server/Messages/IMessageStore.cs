using CaucusRooms.Contracts;
using CaucusRooms.Domain;

namespace CaucusRooms.Server.Messages;

/// <summary>
/// A message as stored: with its room and its readers (everyone entitled to the room when it was sent),
/// forever. Never re-routed, and its readers never change.
/// </summary>
internal sealed record StoredMessage(
    Guid MessageId, SessionId Session, RoomId Room, long Seq, ParticipantId Sender, string SenderName,
    string ClientMessageId, string Text, DateTimeOffset SentAt, IReadOnlyList<ParticipantId> Readers, SharedFromDto? SharedFrom = null, Guid? ProposalOf = null, string? Kind = null);

/// <summary>What marks a message beyond its words: a relay's link to the caucus item it shares, a proposal's link to the item it summarizes, or its kind (<see cref="MessageKinds"/>).</summary>
internal sealed record MessageLinks(SharedFromDto? SharedFrom = null, Guid? ProposalOf = null, string? Kind = null)
{
    public static readonly MessageLinks None = new();
}

/// <summary>Message history per room: in memory by default, in Redis when configured.</summary>
internal interface IMessageStore
{
    /// <summary>
    /// Appends a message with the room's next seq and its readers, unless this sender already stored one with
    /// the same client message id in this room: then that one is returned and <c>IsNew</c> is false.
    /// </summary>
    Task<(StoredMessage Message, bool IsNew)> AppendAsync(
        SessionId session, RoomId room, ParticipantId sender, string senderName, string clientMessageId, string text,
        DateTimeOffset sentAt, IReadOnlyList<ParticipantId> readers, MessageLinks? links = null, CancellationToken ct = default);

    /// <summary>The message with that id in that room, if any.</summary>
    Task<StoredMessage?> FindByIdAsync(RoomId room, Guid messageId, CancellationToken ct = default);

    /// <summary>Deletes every message of the session's rooms (and, where history is encrypted, destroys its key).</summary>
    Task PurgeSessionAsync(SessionId session, IReadOnlyList<RoomId> rooms, CancellationToken ct = default);

    /// <summary>
    /// The first ack of an earlier send with this client message id, if any. The in-memory store answers for its hot
    /// window only (<see cref="InMemoryMessageStore.HotPerRoom"/> newest messages of the room at least): a client retries a
    /// send within seconds, and a relay checks its key right away.
    /// </summary>
    Task<StoredMessage?> FindAsync(RoomId room, ParticipantId sender, string clientMessageId, CancellationToken ct = default);

    /// <summary>Messages of the room with a seq above <paramref name="afterSeq"/>, oldest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<StoredMessage>> ReadAfterAsync(RoomId room, long afterSeq, int max, CancellationToken ct = default);
}

/// <summary>
/// A store that appends a message only while its session is still at the version its readers were decided on,
/// checked in the same atomic step as the idempotency key and the append (Redis: one script). With it a send
/// needs no session lock: a change commits a higher version, so a send decided on an older one is decided again.
/// </summary>
internal interface IVersionCheckedAppend
{
    /// <summary>
    /// As <see cref="IMessageStore.AppendAsync"/> (an earlier message of this sender with this client message id wins,
    /// whatever the version), but stores nothing and answers <see cref="VersionCheckedAppend.Stale"/> when the
    /// session's stored version is no longer <paramref name="sessionVersion"/>, or <see cref="VersionCheckedAppend.Busy"/>
    /// while someone holds the session's lock (<see cref="SessionState.ISessionLocks"/>) who has not stored a change under it
    /// (a change decided, dated, not yet stored; once stored, sends on its version go ahead while it notifies).
    /// </summary>
    Task<VersionCheckedAppend> AppendIfCurrentAsync(
        long sessionVersion, SessionId session, RoomId room, ParticipantId sender, string senderName, string clientMessageId, string text,
        DateTimeOffset sentAt, IReadOnlyList<ParticipantId> readers, MessageLinks? links = null, CancellationToken ct = default);
}

/// <summary>
/// The answer of <see cref="IVersionCheckedAppend.AppendIfCurrentAsync"/>: the message (new or earlier), or none when the
/// version was stale or a change held the session's lock (<see cref="Busy"/>: decided, dated, not yet stored).
/// </summary>
internal readonly record struct VersionCheckedAppend(StoredMessage? Message, bool IsNew, bool Busy = false)
{
    public static readonly VersionCheckedAppend StaleVersion = new(null, false);

    public static readonly VersionCheckedAppend ChangeInProgress = new(null, false, Busy: true);

    public bool Stale => Message is null && !Busy;
}
