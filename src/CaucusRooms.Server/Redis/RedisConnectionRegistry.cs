using System.Collections.Concurrent;
using CaucusRooms.Domain;
using CaucusRooms.Server.Infrastructure;
using CaucusRooms.Server.Rooms;
using StackExchange.Redis;

namespace CaucusRooms.Server.Redis;

/// <summary>
/// The hub connections of every node, in one Redis hash per session (connection id → person,
/// node, groups), so <see cref="EntitlementSync"/> on any node brings every connection of a
/// session to its entitlements. Entries of a node whose heartbeat lapsed are dropped.
/// </summary>
internal sealed class RedisConnectionRegistry(IConnectionMultiplexer redis, NodeIdentity node, ILogger<RedisConnectionRegistry> logger) : IConnectionRegistry
{
    private const string SaveScript = """
        if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        return 1
        """;

    private readonly ConcurrentDictionary<string, HubConnection> _local = new();

    private IDatabase Db => redis.GetDatabase();

    /// <summary>The connections this node holds.</summary>
    public ICollection<HubConnection> Local => _local.Values;

    public async Task AddAsync(HubConnection connection, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await Db.HashSetAsync(RedisKeys.SessionConnections(connection.Session), connection.ConnectionId, Write(connection));
        _local[connection.ConnectionId] = connection;
    }

    public async Task<HubConnection?> RemoveAsync(string connectionId)
    {
        if (!_local.TryRemove(connectionId, out var connection)) return null;
        try
        {
            await Db.HashDeleteAsync(RedisKeys.SessionConnections(connection.Session), connectionId);
        }
        catch (RedisException e)
        {
            // Harmless: a later sync finds no such connection and only its group calls are wasted.
            Log.RedisCallFailed(logger, "forget connection", e);
        }
        return connection;
    }

    public async Task<IReadOnlyList<HubConnection>> InSessionAsync(SessionId session, CancellationToken ct = default)
    {
        var key = RedisKeys.SessionConnections(session);
        var entries = (await Db.HashGetAllAsync(key)).Select(e => (Id: e.Name.ToString(), Entry: RedisJson.Read<Entry>(e.Value.ToString()))).ToList();
        var alive = new HashSet<string>(StringComparer.Ordinal) { node.Id };
        foreach (var other in entries.Select(e => e.Entry.Node).Distinct(StringComparer.Ordinal).Where(n => n != node.Id))
            if (await Db.KeyExistsAsync(RedisKeys.Node(other))) alive.Add(other);

        var found = new List<HubConnection>();
        foreach (var (id, entry) in entries)
        {
            if (!alive.Contains(entry.Node) || (entry.Node == node.Id && !_local.ContainsKey(id)))
            {
                await Db.HashDeleteAsync(key, id);
                continue;
            }
            var connection = _local.TryGetValue(id, out var mine) ? mine : new HubConnection(id, session, new ParticipantId(entry.Person), null);
            // The stored groups are the truth: another node may have changed them under the session's lock.
            connection.Groups.Clear();
            connection.Groups.UnionWith(entry.Groups);
            found.Add(connection);
        }
        return found;
    }

    public async Task<IReadOnlySet<ParticipantId>> OnlineAsync(SessionId session, CancellationToken ct = default) =>
        (await InSessionAsync(session, ct)).Select(c => c.Person).ToHashSet();

    public Task SaveGroupsAsync(HubConnection connection, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return Db.ScriptEvaluateAsync(SaveScript, [RedisKeys.SessionConnections(connection.Session)], [connection.ConnectionId, Write(connection)]);
    }

    public async Task CloseAsync(HubConnection connection, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (_local.TryGetValue(connection.ConnectionId, out var mine)) mine.Context?.Abort();
        else await redis.GetSubscriber().PublishAsync(RedisKeys.CloseConnectionChannel, connection.ConnectionId);
    }

    /// <summary>Closes a connection of this node, asked by another node.</summary>
    public void CloseLocal(string connectionId)
    {
        if (_local.TryGetValue(connectionId, out var mine)) mine.Context?.Abort();
    }

    private string Write(HubConnection c) => RedisJson.Write(new Entry(c.Person.Value, node.Id, [.. c.Groups]));

    private sealed record Entry(Guid Person, string Node, string[] Groups);
}
