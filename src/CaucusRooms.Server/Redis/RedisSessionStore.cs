using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.SessionState;
using StackExchange.Redis;

namespace CaucusRooms.Server.Redis;

/// <summary>
/// Sessions as a hash of version and state. A create or a replace is one Lua script that writes the session and appends
/// its audit entry to the session's trail together (same hash tag): Redis runs a script whole, and its append-only file
/// holds its writes as one transaction, so no crash, restart or outage leaves a committed change without its entry. The
/// script does its checks and the append before the session write, so an append that fails leaves the session as it was.
/// A replace compares the stored version first, so two nodes changing one session at once cannot both win, and notes
/// which holder of the session's lock stored it (<c>committed-under</c>): a send need not wait for a change that is
/// already stored while its holder still tells the people concerned (see <see cref="RedisMessageStore"/>). In the same
/// round trip it reads who is online (the session's connection registry and the heartbeats of the nodes named there) and
/// answers it with the commit, judged by the <see cref="RedisConnectionRegistry"/>, and the devices per person the session's
/// invites were redeemed on (<see cref="RedisInviteStore.DevicesInLua"/>): a change's notices need no read of their own.
/// The state (title, sides, names, typed names, agreement text) is sealed with the session's records key:
/// it outlives the purge of the messages, because the records read it after close, and goes with the audit trail.
/// A read is one script that answers the stored state only when it is another than the one this node last opened or
/// stored (<see cref="OpenedSessions"/>): an unchanged session is answered from memory, the same instance, with no unseal
/// and no JSON; and as gone once its records key is, whatever this node holds.
/// </summary>
internal sealed class RedisSessionStore(IConnectionMultiplexer redis, SessionRecordKeys keys, RedisConnectionRegistry registry) : ISessionStore
{
    // The shebang (no flags): Redis refuses the whole script up front when out of memory, never half of it.
    private const string CreateScript = """
        #!lua
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        redis.call('RPUSH', KEYS[2], ARGV[3])
        redis.call('HSET', KEYS[1], 'version', ARGV[1], 'state', ARGV[2])
        return 1
        """;

    // Who is online is read after the version check and before the writes: a script that fails there stores nothing.
    // It reads the heartbeat keys of the nodes named in the registry, undeclared: see RedisConnectionRegistry.PresenceInLua.
    // So are the devices per person (the invites named in the session's set: see RedisInviteStore.DevicesInLua).
    private const string ReplaceScript = "#!lua\n" + RedisConnectionRegistry.PresenceInLua + RedisInviteStore.DevicesInLua + """
        if redis.call('HGET', KEYS[1], 'version') ~= ARGV[1] then return {0} end
        local online = presence(KEYS[4], ARGV[5])
        local redeemed = devices(KEYS[5], ARGV[6])
        redis.call('RPUSH', KEYS[2], ARGV[4])
        local holder = redis.call('GET', KEYS[3])
        redis.call('HSET', KEYS[1], 'version', ARGV[2], 'state', ARGV[3], 'committed-under', holder or '')
        return {1, online, redeemed}
        """;

    // Nothing when the session or its records key is gone (its records were dropped: the state no longer opens anywhere);
    // 1 when the stored version is ARGV[1] and the stored state's SHA-1 is ARGV[2] (the state itself, ~3 KB, is not sent to
    // be compared: only its digest, made once when this node opened or stored it);
    // else the version and the state to open.
    private const string ReadScript = """
        #!lua flags=no-writes
        local stored = redis.call('HMGET', KEYS[1], 'version', 'state')
        if not stored[2] or redis.call('EXISTS', KEYS[2]) == 0 then return false end
        if stored[1] == ARGV[1] and redis.sha1hex(stored[2]) == ARGV[2] then return 1 end
        return stored
        """;

    private readonly OpenedSessions _opened = new();

    private IDatabase Db => redis.GetDatabase();

    public async Task CreateAsync(StoredSession session, AuditEntryDto opened, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        // Sealing makes the records key, which keeps a retention sweep off a trail still empty; then the indexes:
        // a listing or a sweep skips an id whose session is missing, never the reverse.
        var (state, entry) = (await WriteAsync(session), await RedisAuditStore.EncodeAsync(keys, session.Id, opened));
        await IndexAsync(session);
        var created = await Db.ScriptEvaluateAsync(CreateScript, [RedisKeys.Session(session.Id), RedisKeys.SessionAudit(session.Id)],
            [session.Version, state, entry]);
        if ((int)created != 1) throw new InvalidOperationException("Session exists.");
        _opened.Remember(session, session.Version, state);
    }

    public async Task<StoredSession?> GetAsync(SessionId id, CancellationToken ct = default)
    {
        var known = _opened.Find(id);
        var answer = await Db.ScriptEvaluateAsync(ReadScript, [RedisKeys.Session(id), RedisKeys.SessionAuditKey(id)],
            known is null ? [RedisValue.EmptyString, RedisValue.EmptyString] : [known.Version, known.StateDigest]);
        if (answer.IsNull)
        {
            _opened.Forget(id);
            return null;
        }
        if (answer.Resp2Type == ResultType.Integer) return known!.Session;
        var fields = (RedisResult[])answer!;
        var (version, state) = ((long)fields[0], (byte[])fields[1]!);
        // Null when the records key is gone: the session's records were dropped.
        var json = await keys.OpenAsync(id, state, Context(id, version));
        if (json is null)
        {
            _opened.Forget(id);
            return null;
        }
        var stored = RedisJson.Read<Stored>(json);
        var session = new StoredSession(stored.Snapshot, stored.MediatorAccounts);
        _opened.Remember(session, version, state);
        return session;
    }

    /// <summary>The session as this node last opened or stored it (<see cref="OpenedSessions"/>): no round trip.</summary>
    public StoredSession? Remembered(SessionId id) => _opened.Find(id)?.Session;

    /// <summary>
    /// Null, and nothing written, when the stored version is not <paramref name="expectedVersion"/> or the session's records
    /// key is gone (its records were dropped: a change decided on a remembered session must not make it a key again).
    /// </summary>
    public async Task<Committed?> TryReplaceAsync(StoredSession session, long expectedVersion, AuditEntryDto entry, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (await keys.SealIfKeptAsync(session.Id, Plain(session), Context(session.Id, session.Version)) is not { } state) return null;
        var audited = await RedisAuditStore.EncodeAsync(keys, session.Id, entry);
        // No index write: the indexes were written when the session was created, and its mediator accounts never change.
        var answer = (RedisResult[])(await Db.ScriptEvaluateAsync(ReplaceScript,
            [RedisKeys.Session(session.Id), RedisKeys.SessionAudit(session.Id), RedisKeys.SessionLock(session.Id), RedisKeys.SessionConnections(session.Id),
                RedisKeys.InvitesOfSession(session.Id)],
            [expectedVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), session.Version, state, audited, RedisKeys.NodePrefix, RedisKeys.InvitePrefix]))!;
        if ((int)answer[0] != 1) return null;
        _opened.Remember(session, session.Version, state);
        return new Committed(await registry.PresenceAsync(session.Id, answer[1]), RedisInviteStore.Devices(answer[2]));
    }

    public async Task<IReadOnlyList<StoredSession>> ListForAccountAsync(string accountId, CancellationToken ct = default)
    {
        var ids = await Db.SetMembersAsync(RedisKeys.SessionsOfAccount(accountId));
        var found = new List<StoredSession>();
        foreach (var id in ids)
        {
            if (Guid.TryParse(id.ToString(), out var g) && await GetAsync(new SessionId(g), ct) is { } s && s.MediatorAccounts.ContainsKey(accountId))
                found.Add(s);
        }
        return found;
    }

    private async Task IndexAsync(StoredSession session) =>
        await Task.WhenAll(session.MediatorAccounts.Keys.Select(a => Db.SetAddAsync(RedisKeys.SessionsOfAccount(a), session.Id.ToString()))
            .Append(Db.SetAddAsync(RedisKeys.AuditedSessions, session.Id.ToString())));

    private async Task<byte[]> WriteAsync(StoredSession s) => await keys.SealAsync(s.Id, Plain(s), Context(s.Id, s.Version));

    private static string Plain(StoredSession s) => RedisJson.Write(new Stored(s.Snapshot, new Dictionary<string, ParticipantId>(s.MediatorAccounts)));

    // Binds a sealed state to its session and version: an older state put back under a newer version does not open.
    private static string Context(SessionId id, long version) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"session|{id}|{version}");

    private sealed record Stored(SessionSnapshot Snapshot, Dictionary<string, ParticipantId> MediatorAccounts);
}
