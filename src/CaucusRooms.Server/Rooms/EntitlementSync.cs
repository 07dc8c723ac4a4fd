using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.Infrastructure;
using Microsoft.AspNetCore.SignalR;

namespace CaucusRooms.Server.Rooms;

/// <summary>
/// Makes every open connection of a session hold exactly the delivery groups its person is
/// entitled to now (invariant 5), and closes the connections of people who are gone.
/// Called under the session's lock after every accepted change and on every connect.
/// </summary>
internal sealed class EntitlementSync(IHubContext<SessionHub, ISessionClient> hub, ILogger<EntitlementSync> logger)
{
    public async Task SyncAsync(MediationSession session, IEnumerable<HubConnection> connections, CancellationToken ct = default)
    {
        var work = new List<Task>();
        var closing = new List<HubConnection>();
        foreach (var connection in connections)
        {
            var wanted = WantedGroups(session, connection.Person);
            // Leave first, then join: a connection is never in a group it is no longer entitled to.
            foreach (var group in connection.Groups.Where(g => !wanted.Contains(g)).ToList())
            {
                connection.Groups.Remove(group);
                work.Add(hub.Groups.RemoveFromGroupAsync(connection.ConnectionId, group, ct));
            }
            foreach (var group in wanted.Where(g => !connection.Groups.Contains(g)))
            {
                connection.Groups.Add(group);
                work.Add(hub.Groups.AddToGroupAsync(connection.ConnectionId, group, ct));
            }
            if (!Entitlements.IsMember(session, connection.Person)) closing.Add(connection);
        }
        await Task.WhenAll(work);

        foreach (var connection in closing)
        {
            Log.ConnectionsClosed(logger, session.Id, connection.Person, session.IsClosed ? "session closed" : "removed");
            _ = CloseSoonAsync(connection.Context);
        }
    }

    /// <summary>
    /// The connection is already in no group and every call it makes is refused, so nothing more
    /// can reach it; the short grace only lets its last "you were removed"/"closed" state and the
    /// ack of the mediator's own close call go out before the socket closes.
    /// </summary>
    private static async Task CloseSoonAsync(HubCallerContext context)
    {
        await Task.Delay(CloseGrace);
        context.Abort();
    }

    private static readonly TimeSpan CloseGrace = TimeSpan.FromMilliseconds(250);

    /// <summary>The person's own status group (always, while connected), a group per readable room, and the mediators' group.</summary>
    private static HashSet<string> WantedGroups(MediationSession session, ParticipantId person)
    {
        var groups = new HashSet<string>(StringComparer.Ordinal);
        if (!Entitlements.IsMember(session, person)) return groups;
        groups.Add(GroupNames.Person(person));
        foreach (var room in Entitlements.ReadableRooms(session, person)) groups.Add(GroupNames.Room(room));
        if (Entitlements.ActsAsMediator(session, person)) groups.Add(GroupNames.Mediators(session.Id));
        return groups;
    }
}
