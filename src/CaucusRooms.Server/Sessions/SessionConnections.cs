using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.Connections;
using CaucusRooms.Server.Infrastructure;
using CaucusRooms.Server.SessionState;

namespace CaucusRooms.Server.Sessions;

/// <summary>A hub connection joining its session and leaving it: its person's address, and who hears that they are online.</summary>
internal sealed class SessionConnections(
    SessionRepository sessions,
    IConnectionRegistry connections,
    ISessionClients hub,
    SessionNotifier notifier,
    CaucusMetrics metrics)
{
    /// <summary>Brings one new connection to its entitlements, under the session's lock.</summary>
    /// <remarks>A person with <paramref name="maxConnections"/> connections open already (on any node) is refused one more.</remarks>
    public async Task<(MyStateDto? State, Refusal? Refusal)> ConnectAsync(HubConnection connection, int maxConnections, CancellationToken ct = default)
    {
        using var _ = await sessions.LockAsync(connection.Session, ct);
        var session = await sessions.LoadAsync(connection.Session, ct);
        if (session is null || !Entitlements.IsMember(session, connection.Person))
            return (null, new Refusal(RefusalReason.NotEntitled, "You are not a member of that session."));
        var person = session.Find(connection.Person)!;
        // One registry read serves both the connection cap and who is online (a Redis round trip per read in several-nodes mode).
        var open = await connections.InSessionAsync(session.Id, ct);
        if (open.Count(c => c.Person == person.Id) >= maxConnections)
            return (null, new Refusal(RefusalReason.TooManyConnections,
                $"You already have {maxConnections} windows or devices connected to this session; close one and try again."));
        if (await connections.AddAsync(connection, ct)) metrics.Reconnected();
        // The connection's one group for its whole life: its person's address.
        await hub.Groups.AddToGroupAsync(connection.ConnectionId, GroupNames.Person(person.Id), ct);
        IReadOnlySet<ParticipantId> online = open.Select(c => c.Person).Append(person.Id).ToHashSet();
        await notifier.OnlineChangedAsync(session, online, withRosters: Entitlements.IsInARoom(session, person.Id), ct);
        return (SessionViews.ToMyState(session, person, "connected"), null);
    }

    public async Task DisconnectAsync(string connectionId)
    {
        if (await connections.RemoveAsync(connectionId) is not { } connection) return;
        if (await sessions.LoadAsync(connection.Session) is not { } session) return;
        var online = await connections.OnlineAsync(session.Id);
        await notifier.OnlineChangedAsync(session, online, withRosters: true, CancellationToken.None);
    }
}
