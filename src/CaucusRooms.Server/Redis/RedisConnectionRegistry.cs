using System.Collections.Concurrent;
using CaucusRooms.Domain;
using CaucusRooms.Server.Connections;
using CaucusRooms.Server.Infrastructure;
using StackExchange.Redis;

namespace CaucusRooms.Server.Redis;

/// <summary>
/// The hub connections of every node, in one Redis hash per session (connection id → person,
/// node), so any node knows who is online and can close a removed person's connections wherever
/// they are held. Entries of a node whose heartbeat lapsed are dropped.
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
    public async Task<IReadOnlyList<HubConnection>> InSessionAsync(SessionId session, CancellationToken ct = default)
    {
        var key = RedisKeys.SessionConnections(session);
        var (live, leftovers) = await ReadAsync(session);
        foreach (var id in leftovers) await Db.HashDeleteAsync(key, id);

        var found = new List<HubConnection>();
        foreach (var (id, entry) in live)
        {
            found.Add(_local.TryGetValue(id, out var mine) ? mine : new HubConnection(id, session, new ParticipantId(entry.Person), null));
        }
        return found;
    }

    /// <summary>Reads only: safe outside the session's lock.</summary>
    public async Task<IReadOnlySet<ParticipantId>> OnlineAsync(SessionId session, CancellationToken ct = default) =>
        (await ReadAsync(session)).Live.Select(e => new ParticipantId(e.Entry.Person)).ToHashSet();

    /// <summary>Entries of live connections, and ids of leftovers (of a dead node, or of this node but closed).</summary>
    private async Task<(List<(string Id, Entry Entry)> Live, List<string> Leftovers)> ReadAsync(SessionId session)
    {
        var entries = (await Db.HashGetAllAsync(RedisKeys.SessionConnections(session)))
            .Select(e => (Id: e.Name.ToString(), Entry: RedisJson.Read<Entry>(e.Value.ToString()))).ToList();
        var alive = new HashSet<string>(StringComparer.Ordinal) { node.Id };
        foreach (var other in entries.Select(e => e.Entry.Node).Distinct(StringComparer.Ordinal).Where(n => n != node.Id))
            if (await Db.KeyExistsAsync(RedisKeys.Node(other))) alive.Add(other);
        var live = new List<(string, Entry)>();
        var leftovers = new List<string>();
        foreach (var (id, entry) in entries)
        {
            if (!alive.Contains(entry.Node) || (entry.Node == node.Id && !_local.ContainsKey(id))) leftovers.Add(id);
            else live.Add((id, entry));
        }
        return (live, leftovers);
    }

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

    private sealed record Entry(Guid Person, string Node);
}
