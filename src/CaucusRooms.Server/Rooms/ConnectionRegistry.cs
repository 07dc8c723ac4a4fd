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

    public int Count => _connections.Count;

    public void Add(HubConnection connection) => _connections[connection.ConnectionId] = connection;

    public HubConnection? Remove(string connectionId) => _connections.TryRemove(connectionId, out var c) ? c : null;

    public IReadOnlyList<HubConnection> InSession(SessionId session) => [.. _connections.Values.Where(c => c.Session == session)];

    public bool IsOnline(SessionId session, ParticipantId person) => _connections.Values.Any(c => c.Session == session && c.Person == person);
}
