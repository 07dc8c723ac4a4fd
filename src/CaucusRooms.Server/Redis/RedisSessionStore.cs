using CaucusRooms.Domain;
using CaucusRooms.Server.Sessions;
using StackExchange.Redis;

namespace CaucusRooms.Server.Redis;

/// <summary>
/// Sessions as a hash of version and state. A replace is one Lua script that compares the
/// stored version first, so two nodes changing one session at once cannot both win.
/// </summary>
internal sealed class RedisSessionStore(IConnectionMultiplexer redis) : ISessionStore
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
        var created = await Db.ScriptEvaluateAsync(CreateScript, [RedisKeys.Session(session.Id)], [session.Version, Write(session)]);
        if ((int)created != 1) throw new InvalidOperationException("Session exists.");
    }

    public async Task<StoredSession?> GetAsync(SessionId id, CancellationToken ct = default)
    {
        var state = await Db.HashGetAsync(RedisKeys.Session(id), "state");
        return state.IsNull ? null : Read(state.ToString());
    }

    public async Task<bool> TryReplaceAsync(StoredSession session, long expectedVersion, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        await IndexAsync(session);
        var replaced = await Db.ScriptEvaluateAsync(ReplaceScript, [RedisKeys.Session(session.Id)],
            [expectedVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), session.Version, Write(session)]);
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

    private static string Write(StoredSession s) => RedisJson.Write(new Stored(s.Snapshot, new Dictionary<string, ParticipantId>(s.MediatorAccounts)));

    private static StoredSession Read(string json)
    {
        var stored = RedisJson.Read<Stored>(json);
        return new StoredSession(stored.Snapshot, stored.MediatorAccounts);
    }

    private sealed record Stored(SessionSnapshot Snapshot, Dictionary<string, ParticipantId> MediatorAccounts);
}
