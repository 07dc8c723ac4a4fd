using System.Collections.Concurrent;
using CaucusRooms.Domain;
using Microsoft.AspNetCore.SignalR;

namespace CaucusRooms.Server.Rooms;

/// <summary>One open hub connection: whose it is and which delivery groups it is in now.</summary>
internal sealed class HubConnection(string connectionId, SessionId session, ParticipantId person, HubCallerContext context)
{
    public string ConnectionId { get; } = connectionId;
    public SessionId Session { get; } = session;
    public ParticipantId Person { get; } = person;
    public HubCallerContext Context { get; } = context;

    /// <summary>Changed only under the session's lock, by <see cref="EntitlementSync"/>.</summary>
    public HashSet<string> Groups { get; } = [];
}

/// <summary>The hub connections open on this node.</summary>
internal sealed class ConnectionRegistry
{
    private readonly ConcurrentDictionary<string, HubConnection> _connections = new();
    private readonly ConcurrentDictionary<(SessionId, ParticipantId), byte> _seen = new();

    public int Count => _connections.Count;

    /// <summary>Registers the connection; true when its person had been connected before and had no connection left (a reconnect).</summary>
    public bool Add(HubConnection connection)
    {
        var reconnect = !_seen.TryAdd((connection.Session, connection.Person), 0) && !IsOnline(connection.Session, connection.Person);
        _connections[connection.ConnectionId] = connection;
        return reconnect;
    }

    /// <summary>Open connections per session on this node.</summary>
    public IReadOnlyDictionary<SessionId, int> PerSession() =>
        _connections.Values.GroupBy(c => c.Session).ToDictionary(g => g.Key, g => g.Count());

    public HubConnection? Remove(string connectionId) => _connections.TryRemove(connectionId, out var c) ? c : null;

    public IReadOnlyList<HubConnection> InSession(SessionId session) => [.. _connections.Values.Where(c => c.Session == session)];

    public bool IsOnline(SessionId session, ParticipantId person) => _connections.Values.Any(c => c.Session == session && c.Person == person);
}
