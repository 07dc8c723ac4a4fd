using System.Collections.Concurrent;
using CaucusRooms.Domain;
using CaucusRooms.Server.Connections;
using CaucusRooms.Server.Infrastructure;
using StackExchange.Redis;

namespace CaucusRooms.Server.Redis;

/// <summary>
/// The hub connections of every node, in one Redis hash per session (connection id → person,
/// node), so any node knows who is online and can close a removed person's connections wherever
/// they are held. Entries of a node whose heartbeat lapsed are dropped. The one place that reads an entry and judges
/// whether it is live: for its own reads, and for the replace script's (<see cref="PresenceInLua"/>), which reads the
/// same hash and heartbeats inside a stored change so that its notices cost no round trip of their own.
/// </summary>
internal sealed class RedisConnectionRegistry(IConnectionMultiplexer redis, NodeIdentity node, ILogger<RedisConnectionRegistry> logger) : IConnectionRegistry
{
    private readonly ConcurrentDictionary<string, HubConnection> _local = new();
    private readonly ConcurrentDictionary<SessionId, ConcurrentDictionary<string, HubConnection>> _localBySession = new();
    private readonly ConcurrentDictionary<string, byte> _missing = new();

    private IDatabase Db => redis.GetDatabase();

    /// <summary>The connections this node holds.</summary>
    public ICollection<HubConnection> Local => _local.Values;

    public int Count => _local.Count;

    /// <summary>The connections this node holds of one session (a delivery looks at these only, never at all of the node's).</summary>
    public IEnumerable<HubConnection> LocalIn(SessionId session)
    {
        if (!_localBySession.TryGetValue(session, out var mine)) yield break;
        foreach (var entry in mine) yield return entry.Value;
    }

    /// <summary>Whether this node holds any connection of the session (a delivery for a session with none here is not read further).</summary>
    public bool HasLocalIn(SessionId session) => _localBySession.TryGetValue(session, out var mine) && !mine.IsEmpty;

    public IReadOnlyDictionary<SessionId, int> PerSession() =>
        _local.Values.GroupBy(c => c.Session).ToDictionary(g => g.Key, g => g.Count());

    public async Task<bool> AddAsync(HubConnection connection, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var seenBefore = !await Db.SetAddAsync(RedisKeys.SessionSeen(connection.Session), connection.Person.ToString());
        var reconnect = seenBefore && !(await OnlineAsync(connection.Session, ct)).Contains(connection.Person);
        // Local first: a registry read never takes this node's own fresh entry for a leftover.
        _local[connection.ConnectionId] = connection;
        _localBySession.GetOrAdd(connection.Session, _ => new())[connection.ConnectionId] = connection;
        await Db.HashSetAsync(RedisKeys.SessionConnections(connection.Session), connection.ConnectionId, Write(connection, node.Id));
        return reconnect;
    }

    public async Task<HubConnection?> RemoveAsync(string connectionId)
    {
        if (!_local.TryRemove(connectionId, out var connection)) return null;
        if (_localBySession.TryGetValue(connection.Session, out var mine)) mine.TryRemove(connectionId, out _);
        try
        {
            await Db.HashDeleteAsync(RedisKeys.SessionConnections(connection.Session), connectionId);
        }
        catch (Exception e) when (StoreOutage.IsOutage(e))
        {
            // Harmless: the entry names a connection that is gone; a close sent to it reaches nobody.
            Log.RedisCallFailed(logger, "forget connection", e);
        }
        return connection;
    }

    /// <summary>The session's live connections on every node; drops the leftovers of dead nodes.</summary>
    public async Task<IReadOnlyList<HubConnection>> InSessionAsync(SessionId session, CancellationToken ct = default) =>
        (await PresenceAsync(session, await ReadAsync(session))).Open;

    /// <summary>Reads only: safe outside the session's lock.</summary>
    public async Task<IReadOnlySet<ParticipantId>> OnlineAsync(SessionId session, CancellationToken ct = default) =>
        Judge(await ReadAsync(session)).Live.Select(e => new ParticipantId(e.Entry.Person)).ToHashSet();

    /// <summary>
    /// Lua for a script that changes a session under its lock and answers who is online in the same round trip (the
    /// replace script of <see cref="RedisSessionStore"/>): <c>presence(connections, nodePrefix)</c> answers the session's
    /// connections hash as stored (id, entry, id, entry…) and, for each node named there, whether its heartbeat key exists
    /// (node, 1 or 0, …). It reads only an entry's <c>node</c> (see <see cref="Entry"/>), to know which keys to ask; which
    /// connections are live and which are leftovers is decided by <see cref="PresenceAsync(SessionId, RedisResult)"/> alone,
    /// as for <see cref="InSessionAsync"/>, so the two agree by construction.
    /// The node keys are not declared (the script finds them in the hash). A standalone Redis allows that; a cluster does
    /// not (a script may touch only declared keys, all of one slot, and each node's key has a slot of its own): there the
    /// heartbeats would be asked after the script, as <see cref="ReadAsync"/> does, or kept in a key of the session's slot.
    /// </summary>
    public const string PresenceInLua = """
        local function presence(connections, nodePrefix)
          local entries = redis.call('HGETALL', connections)
          local nodes, asked = {}, {}
          for i = 2, #entries, 2 do
            local node = cjson.decode(entries[i]).node
            if not asked[node] then
              asked[node] = true
              table.insert(nodes, node)
              table.insert(nodes, redis.call('EXISTS', nodePrefix .. node))
            end
          end
          return {entries, nodes}
        end

        """;

    /// <summary>
    /// Who of <paramref name="session"/> is connected, by what <see cref="PresenceInLua"/> answered inside a script:
    /// judged as <see cref="InSessionAsync"/> judges its own read, and its leftovers dropped the same way.
    /// </summary>
    public Task<SessionPresence> PresenceAsync(SessionId session, RedisResult answered)
    {
        ArgumentNullException.ThrowIfNull(answered);
        var (entries, nodes) = ((RedisResult[])answered!) switch { [var e, var n] => ((RedisResult[])e!, (RedisResult[])n!), _ => throw new InvalidDataException("Not an answer of presence().") };
        var alive = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < nodes.Length; i += 2)
            if ((long)nodes[i + 1] == 1) alive.Add(nodes[i].ToString());
        var stored = new List<(string, string)>();
        for (var i = 0; i + 1 < entries.Length; i += 2) stored.Add((entries[i].ToString(), entries[i + 1].ToString()));
        return PresenceAsync(session, new Read(Decode(stored), alive));
    }

    private async Task<SessionPresence> PresenceAsync(SessionId session, Read read)
    {
        var (live, leftovers) = Judge(read);
        if (leftovers.Count > 0) await Db.HashDeleteAsync(RedisKeys.SessionConnections(session), [.. leftovers]);
        return new SessionPresence([.. live.Select(e =>
            _local.TryGetValue(e.Id, out var mine) ? mine : new HubConnection(e.Id, session, new ParticipantId(e.Entry.Person), null))]);
    }

    /// <summary>The session's connections hash as stored, read with a call of its own, and which other nodes named there are alive.</summary>
    private async Task<Read> ReadAsync(SessionId session)
    {
        var entries = Decode((await Db.HashGetAllAsync(RedisKeys.SessionConnections(session))).Select(e => (e.Name.ToString(), e.Value.ToString())));
        var alive = new HashSet<string>(StringComparer.Ordinal);
        foreach (var other in entries.Select(e => e.Entry.Node).Distinct(StringComparer.Ordinal).Where(n => n != node.Id))
            if (await Db.KeyExistsAsync(RedisKeys.Node(other))) alive.Add(other);
        return new Read(entries, alive);
    }

    /// <summary>Entries of live connections, and ids of leftovers (of a dead node, or of this node but closed).</summary>
    private (List<(string Id, Entry Entry)> Live, List<string> Leftovers) Judge(Read read)
    {
        var live = new List<(string, Entry)>();
        var leftovers = new List<string>();
        foreach (var (id, entry) in read.Entries)
        {
            // This node's own entries are live while it holds the connection; its own heartbeat is not asked.
            var isLive = entry.Node == node.Id ? _local.ContainsKey(id) : read.AliveNodes.Contains(entry.Node);
            if (isLive) live.Add((id, entry));
            else leftovers.Add(id);
        }
        return (live, leftovers);
    }

    private static List<(string Id, Entry Entry)> Decode(IEnumerable<(string Id, string Json)> stored) =>
        [.. stored.Select(e => (e.Id, RedisJson.Read<Entry>(e.Json)))];

    public async Task CloseAsync(HubConnection connection, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (_local.TryGetValue(connection.ConnectionId, out var mine)) mine.Context?.Abort();
        else await redis.GetSubscriber().PublishAsync(RedisKeys.CloseConnectionChannel, connection.ConnectionId);
    }

    /// <summary>
    /// This node's connections whose registry entry is gone (dropped by another node, or lost with
    /// Redis): nobody could close them from another node any more, so they are closed and their clients reconnect.
    /// </summary>
    public async Task<int> CloseUnregisteredAsync()
    {
        var candidates = _local.Values.ToList();
        var checks = candidates.Select(c => Db.HashExistsAsync(RedisKeys.SessionConnections(c.Session), c.ConnectionId)).ToList();
        var present = await Task.WhenAll(checks);
        var closed = 0;
        for (var i = 0; i < candidates.Count; i++)
        {
            var c = candidates[i];
            // A connection still being added has no entry for a moment: only a second miss in a row closes it.
            if (present[i] || !_local.ContainsKey(c.ConnectionId)) { _missing.TryRemove(c.ConnectionId, out _); continue; }
            if (!_missing.TryAdd(c.ConnectionId, 0))
            {
                _missing.TryRemove(c.ConnectionId, out _);
                c.Context?.Abort();
                closed++;
            }
        }
        return closed;
    }

    /// <summary>Closes a connection of this node, asked by another node.</summary>
    public void CloseLocal(string connectionId)
    {
        if (_local.TryGetValue(connectionId, out var mine)) mine.Context?.Abort();
    }

    private static string Write(HubConnection c, string holder) => RedisJson.Write(new Entry(c.Person.Value, holder));

    /// <summary>One registry entry as stored (JSON); <see cref="PresenceInLua"/> reads its <c>node</c> too.</summary>
    private sealed record Entry(Guid Person, string Node);

    /// <summary>The hash's entries, and the other nodes named there whose heartbeat key existed when it was read.</summary>
    private sealed record Read(List<(string Id, Entry Entry)> Entries, HashSet<string> AliveNodes);
}
