using System.Collections.Concurrent;
using CaucusRooms.Domain;
using Microsoft.AspNetCore.SignalR;

namespace CaucusRooms.Server.Connections;

/// <summary>
/// One open hub connection: whose it is. It is in one delivery group, its person's, from connect to
/// close; what reaches it is decided per message (the message's readers), never by group changes.
/// Its hub context is null when another node holds it.
/// </summary>
internal sealed class HubConnection(string connectionId, SessionId session, ParticipantId person, HubCallerContext? context)
{
    public string ConnectionId { get; } = connectionId;
    public SessionId Session { get; } = session;
    public ParticipantId Person { get; } = person;
    public HubCallerContext? Context { get; } = context;
}

/// <summary>
/// The hub connections of every session: on this node only (in memory), or on every node
/// (Redis), so that a change made on one node reaches connections held by another.
/// </summary>
internal interface IConnectionRegistry
{
    /// <summary>Connections held by this node (for this node's health figures).</summary>
    int Count { get; }

    /// <summary>Registers a connection of this node; true when its person had been connected before and had no connection left (a reconnect).</summary>
    Task<bool> AddAsync(HubConnection connection, CancellationToken ct = default);

    /// <summary>Connections held by this node, per session.</summary>
    IReadOnlyDictionary<SessionId, int> PerSession();

    /// <summary>Forgets a connection of this node; returns it, or null when unknown.</summary>
    Task<HubConnection?> RemoveAsync(string connectionId);

    /// <summary>The open connections of a session, wherever they are held.</summary>
    Task<IReadOnlyList<HubConnection>> InSessionAsync(SessionId session, CancellationToken ct = default);

    /// <summary>The people of a session with at least one open connection.</summary>
    Task<IReadOnlySet<ParticipantId>> OnlineAsync(SessionId session, CancellationToken ct = default);

    /// <summary>Closes a connection, on whichever node holds it.</summary>
    Task CloseAsync(HubConnection connection, CancellationToken ct = default);
}

/// <summary>The hub connections open on this node: the embedded single-node default.</summary>
/// <remarks>Indexed by session as well: a move or a send looks at its own session's connections only, never at all of the node's.</remarks>
internal sealed class ConnectionRegistry : IConnectionRegistry
{
    private readonly ConcurrentDictionary<string, HubConnection> _connections = new();
    private readonly ConcurrentDictionary<SessionId, ConcurrentDictionary<string, HubConnection>> _bySession = new();
    private readonly ConcurrentDictionary<(SessionId, ParticipantId), byte> _seen = new();

    public int Count => _connections.Count;

    public Task<bool> AddAsync(HubConnection connection, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var reconnect = !_seen.TryAdd((connection.Session, connection.Person), 0) && !IsOnline(connection.Session, connection.Person);
        _connections[connection.ConnectionId] = connection;
        _bySession.GetOrAdd(connection.Session, _ => new())[connection.ConnectionId] = connection;
        return Task.FromResult(reconnect);
    }

    public IReadOnlyDictionary<SessionId, int> PerSession() =>
        _bySession.Where(kv => !kv.Value.IsEmpty).ToDictionary(kv => kv.Key, kv => kv.Value.Count);

    private IEnumerable<HubConnection> Of(SessionId session) =>
        _bySession.TryGetValue(session, out var mine) ? mine.Values : [];

    private bool IsOnline(SessionId session, ParticipantId person) => Of(session).Any(c => c.Person == person);

    public Task<HubConnection?> RemoveAsync(string connectionId) => Task.FromResult(Forget(connectionId));

    public Task<IReadOnlyList<HubConnection>> InSessionAsync(SessionId session, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<HubConnection>>([.. Of(session)]);

    public Task<IReadOnlySet<ParticipantId>> OnlineAsync(SessionId session, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlySet<ParticipantId>>(Of(session).Select(c => c.Person).ToHashSet());

    public Task CloseAsync(HubConnection connection, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        connection.Context?.Abort();
        return Task.CompletedTask;
    }

    private HubConnection? Forget(string connectionId)
    {
        if (!_connections.TryRemove(connectionId, out var connection)) return null;
        if (_bySession.TryGetValue(connection.Session, out var mine)) mine.TryRemove(connectionId, out _);
        return connection;
    }
}
