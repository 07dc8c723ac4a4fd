using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.Messages;
using StackExchange.Redis;

namespace CaucusRooms.Server.Redis;

/// <summary>
/// Message history per room: a hash seq → sealed payload, a counter for the next seq and an
/// index of client message ids. The text, sender name, client message id and readers are sealed
/// with the session's data key; only ids and times are readable in Redis.
/// A send is one script: <see cref="AppendIfCurrentAsync"/> checks the idempotency key and the session's version and appends.
/// </summary>
internal sealed class RedisMessageStore(IConnectionMultiplexer redis, SessionDataKeys keys) : IMessageStore, IVersionCheckedAppend
{
    // One step: an earlier message of this sender with this client id wins; otherwise the next seq.
    private const string AppendScript = """
        local earlier = redis.call('HGET', KEYS[2], ARGV[1])
        if earlier then return {0, earlier, redis.call('HGET', KEYS[3], earlier)} end
        local seq = redis.call('INCR', KEYS[1])
        redis.call('HSET', KEYS[3], seq, ARGV[2])
        redis.call('HSET', KEYS[2], ARGV[1], seq)
        redis.call('HSET', KEYS[4], ARGV[3], seq)
        return {1, seq}
        """;

    // The same step, first comparing the session's stored version (KEYS[5]) with the one the readers were decided on (ARGV[4]),
    // and refusing while a change holds the session's lock (KEYS[6]) and has not stored itself yet: a change decided but not
    // yet stored is dated before its commit, so a send stored in that window would be dated after a change that did not count
    // for it. Once the holder stored its change (the session names it in 'committed-under', see RedisSessionStore), a send on
    // the new version goes ahead while the holder still tells the people concerned.
    // An earlier message still wins whatever the version: a retry returns its first ack.
    private const string AppendIfCurrentScript = """
        local earlier = redis.call('HGET', KEYS[2], ARGV[1])
        if earlier then return {0, earlier, redis.call('HGET', KEYS[3], earlier)} end
        if redis.call('HGET', KEYS[5], 'version') ~= ARGV[4] then return {-1} end
        local holder = redis.call('GET', KEYS[6])
        if holder and holder ~= redis.call('HGET', KEYS[5], 'committed-under') then return {-2} end
        local seq = redis.call('INCR', KEYS[1])
        redis.call('HSET', KEYS[3], seq, ARGV[2])
        redis.call('HSET', KEYS[2], ARGV[1], seq)
        redis.call('HSET', KEYS[4], ARGV[3], seq)
        return {1, seq}
        """;

    private IDatabase Db => redis.GetDatabase();

    public async Task<(StoredMessage Message, bool IsNew)> AppendAsync(
        SessionId session, RoomId room, ParticipantId sender, string senderName, string clientMessageId, string text,
        DateTimeOffset sentAt, IReadOnlyList<ParticipantId> readers, MessageLinks? links = null, CancellationToken ct = default)
    {
        var appended = await AppendAsync(AppendScript, null, session, room, sender, senderName, clientMessageId, text, sentAt, readers, links);
        return (appended.Message!, appended.IsNew);
    }

    public Task<VersionCheckedAppend> AppendIfCurrentAsync(
        long sessionVersion, SessionId session, RoomId room, ParticipantId sender, string senderName, string clientMessageId, string text,
        DateTimeOffset sentAt, IReadOnlyList<ParticipantId> readers, MessageLinks? links = null, CancellationToken ct = default) =>
        AppendAsync(AppendIfCurrentScript, sessionVersion, session, room, sender, senderName, clientMessageId, text, sentAt, readers, links);

    /// <summary>One script call: seals the message with its readers and appends it (unless an earlier one wins, or the version is stale).</summary>
    private async Task<VersionCheckedAppend> AppendAsync(
        string script, long? sessionVersion, SessionId session, RoomId room, ParticipantId sender, string senderName, string clientMessageId, string text,
        DateTimeOffset sentAt, IReadOnlyList<ParticipantId> readers, MessageLinks? links)
    {
        ArgumentNullException.ThrowIfNull(readers);
        var id = Guid.NewGuid();
        var readerIds = new Guid[readers.Count];
        for (var i = 0; i < readerIds.Length; i++) readerIds[i] = readers[i].Value;
        // UTF-8 from the serializer straight into the cipher, and the payload as UTF-8 straight to Redis: no string of either.
        var secret = RedisJson.WriteUtf8(new Secret(text, senderName, clientMessageId, readerIds, links?.SharedFrom, links?.ProposalOf, links?.Kind));
        byte[] sealedSecret;
        try { sealedSecret = await keys.SealBytesAsync(session, secret, Context(room, sender, id)); }
        finally { CryptographicOperations.ZeroMemory(secret); }
        var payload = RedisJson.WriteUtf8(new Payload(id, session.Value, sender.Value, sentAt, sealedSecret));
        RedisValue clientIdField = ClientIdField(sender, clientMessageId), messageId = id.ToString("N");
        var scriptKeys = RedisKeys.SendScript(session, room);
        var result = (RedisResult[])(sessionVersion is { } version
            ? await Db.ScriptEvaluateAsync(script, scriptKeys.VersionChecked, [clientIdField, payload, messageId, version])
            : await Db.ScriptEvaluateAsync(script, scriptKeys.RoomOnly, [clientIdField, payload, messageId]))!;
        switch ((int)result[0])
        {
            case -1: return VersionCheckedAppend.StaleVersion;
            case -2: return VersionCheckedAppend.ChangeInProgress;
            // Stored now: the message is what was just sealed, so it is not read back and opened again.
            case 1:
                return new VersionCheckedAppend(new StoredMessage(id, session, room, (long)result[1], sender, senderName, clientMessageId, text, sentAt,
                    [.. readers], links?.SharedFrom, links?.ProposalOf, links?.Kind), IsNew: true);
            default: return new VersionCheckedAppend(await OpenAsync(room, (long)result[1], (byte[])result[2]!), IsNew: false);
        }
    }

    public async Task<StoredMessage?> FindAsync(RoomId room, ParticipantId sender, string clientMessageId, CancellationToken ct = default)
    {
        var seq = await Db.HashGetAsync(RedisKeys.RoomClientIds(room), ClientIdField(sender, clientMessageId));
        if (seq.IsNull) return null;
        var payload = await Db.HashGetAsync(RedisKeys.RoomMessages(room), seq);
        return payload.IsNull ? null : await OpenAsync(room, (long)seq, (byte[])payload!);
    }

    public async Task<StoredMessage?> FindByIdAsync(RoomId room, Guid messageId, CancellationToken ct = default)
    {
        var seq = await Db.HashGetAsync(RedisKeys.RoomMessageIds(room), messageId.ToString("N"));
        if (seq.IsNull) return null;
        var payload = await Db.HashGetAsync(RedisKeys.RoomMessages(room), seq);
        return payload.IsNull ? null : await OpenAsync(room, (long)seq, (byte[])payload!);
    }

    /// <summary>Deletes the rooms' messages and destroys the session's data key: nothing left can be opened.</summary>
    public async Task PurgeSessionAsync(SessionId session, IReadOnlyList<RoomId> rooms, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        foreach (var room in rooms)
            await Db.KeyDeleteAsync([RedisKeys.RoomSeq(room), RedisKeys.RoomMessages(room), RedisKeys.RoomClientIds(room), RedisKeys.RoomMessageIds(room)]);
        await keys.DestroyAsync(session);
    }

    public async Task<IReadOnlyList<StoredMessage>> ReadAfterAsync(RoomId room, long afterSeq, int max, CancellationToken ct = default)
    {
        var last = await Db.StringGetAsync(RedisKeys.RoomSeq(room));
        var top = last.IsNull ? 0 : Math.Min((long)last, Math.Max(0, afterSeq) + max);
        var first = Math.Max(0, afterSeq) + 1;
        if (top < first) return [];
        var seqs = Enumerable.Range(0, (int)(top - first + 1)).Select(i => (RedisValue)(first + i)).ToArray();
        var payloads = await Db.HashGetAsync(RedisKeys.RoomMessages(room), seqs);
        var messages = new List<StoredMessage>(payloads.Length);
        for (var i = 0; i < payloads.Length; i++)
            if (!payloads[i].IsNull) messages.Add(await OpenAsync(room, first + i, (byte[])payloads[i]!));
        return messages;
    }

    private async Task<StoredMessage> OpenAsync(RoomId room, long seq, byte[] json)
    {
        var p = RedisJson.Read<Payload>(json);
        var session = new SessionId(p.Session);
        var sender = new ParticipantId(p.Sender);
        var opened = await keys.OpenBytesAsync(session, p.Sealed, Context(room, sender, p.Id));
        Secret secret;
        try { secret = RedisJson.Read<Secret>(opened); }
        finally { CryptographicOperations.ZeroMemory(opened); }
        return new StoredMessage(p.Id, session, room, seq, sender, secret.SenderName, secret.ClientMessageId, secret.Text, p.SentAt,
            [.. secret.Readers.Select(r => new ParticipantId(r))], secret.SharedFrom, secret.ProposalOf, secret.Kind);
    }

    // Binds a sealed text to its room, sender and message: moved elsewhere it does not open.
    private static string Context(RoomId room, ParticipantId sender, Guid id) => $"{room}|{sender}|{id:N}";

    // sender:SHA-256(client id) in hex, the hash and its hex made on the stack (a client id is short; a long one is rented).
    private static string ClientIdField(ParticipantId sender, string clientMessageId)
    {
        var max = Encoding.UTF8.GetMaxByteCount(clientMessageId.Length);
        byte[]? rented = null;
        Span<byte> utf8 = max <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(max));
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        try { SHA256.HashData(utf8[..Encoding.UTF8.GetBytes(clientMessageId, utf8)], hash); }
        finally { if (rented is not null) ArrayPool<byte>.Shared.Return(rented); }
        Span<char> hex = stackalloc char[SHA256.HashSizeInBytes * 2];
        Convert.TryToHexString(hash, hex, out _);
        return string.Create(CultureInfo.InvariantCulture, stackalloc char[128], $"{sender}:{hex}");
    }

    private sealed record Payload(Guid Id, Guid Session, Guid Sender, DateTimeOffset SentAt, byte[] Sealed);

    private sealed record Secret(string Text, string SenderName, string ClientMessageId, Guid[] Readers, SharedFromDto? SharedFrom, Guid? ProposalOf, string? Kind = null);
}
