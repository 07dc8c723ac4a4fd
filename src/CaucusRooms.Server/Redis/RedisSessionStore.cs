using CaucusRooms.Domain;
using CaucusRooms.Server.SessionState;
using StackExchange.Redis;

namespace CaucusRooms.Server.Redis;

/// <summary>
/// Sessions as a hash of version and state. A replace is one Lua script that compares the
/// stored version first, so two nodes changing one session at once cannot both win.
/// The state (title, sides, names, typed names, agreement text) is sealed with the session's records key:
/// it outlives the purge of the messages, because the records read it after close, and goes with the audit trail.
/// </summary>
internal sealed class RedisSessionStore(IConnectionMultiplexer redis, SessionRecordKeys keys) : ISessionStore
{
    private const string CreateScript = """
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        redis.call('HSET', KEYS[1], 'version', ARGV[1], 'state', ARGV[2])
        return 1
        """;

    private const string ReplaceScript = """
        if redis.call('HGET', KEYS[1], 'version') ~= ARGV[1] then return 0 end
        redis.call('HSET', KEYS[1], 'version', ARGV[2], 'state', ARGV[3])
        return 1
        """;

    private IDatabase Db => redis.GetDatabase();

    public async Task CreateAsync(StoredSession session, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        // Index first: a listing skips an id whose session is missing, never the reverse.
        await IndexAsync(session);
        var created = await Db.ScriptEvaluateAsync(CreateScript, [RedisKeys.Session(session.Id)], [session.Version, await WriteAsync(session)]);
        if ((int)created != 1) throw new InvalidOperationException("Session exists.");
    }

    public async Task<StoredSession?> GetAsync(SessionId id, CancellationToken ct = default)
    {
        var fields = await Db.HashGetAsync(RedisKeys.Session(id), ["version", "state"]);
        if (fields[1].IsNull) return null;
        // Null when the records key is gone: the session's records were dropped.
        var json = await keys.OpenAsync(id, (byte[])fields[1]!, Context(id, (long)fields[0]));
        if (json is null) return null;
        var stored = RedisJson.Read<Stored>(json);
        return new StoredSession(stored.Snapshot, stored.MediatorAccounts);
    }

    public async Task<bool> TryReplaceAsync(StoredSession session, long expectedVersion, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        await IndexAsync(session);
        var replaced = await Db.ScriptEvaluateAsync(ReplaceScript, [RedisKeys.Session(session.Id)],
            [expectedVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), session.Version, await WriteAsync(session)]);
        return (int)replaced == 1;
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
        await Task.WhenAll(session.MediatorAccounts.Keys.Select(a => Db.SetAddAsync(RedisKeys.SessionsOfAccount(a), session.Id.ToString())));

    private async Task<byte[]> WriteAsync(StoredSession s) =>
        await keys.SealAsync(s.Id, RedisJson.Write(new Stored(s.Snapshot, new Dictionary<string, ParticipantId>(s.MediatorAccounts))), Context(s.Id, s.Version));

    // Binds a sealed state to its session and version: an older state put back under a newer version does not open.
    private static string Context(SessionId id, long version) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"session|{id}|{version}");

    private sealed record Stored(SessionSnapshot Snapshot, Dictionary<string, ParticipantId> MediatorAccounts);
}
