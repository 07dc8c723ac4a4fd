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
internal sealed class EntitlementSync(IHubContext<SessionHub, ISessionClient> hub, IConnectionRegistry registry, ILogger<EntitlementSync> logger)
{
    public async Task SyncAsync(MediationSession session, IEnumerable<HubConnection> connections, CancellationToken ct = default)
    {
        var work = new List<Task>();
        var unreachable = new System.Collections.Concurrent.ConcurrentDictionary<HubConnection, byte>();
        var changed = new List<HubConnection>();
        var closing = new List<HubConnection>();
        foreach (var connection in connections)
        {
            var wanted = WantedGroups(session, connection.Person);
            if (!wanted.SetEquals(connection.Groups)) changed.Add(connection);
            // Leave first, then join: a connection is never in a group it is no longer entitled to.
            foreach (var group in connection.Groups.Where(g => !wanted.Contains(g)).ToList())
            {
                connection.Groups.Remove(group);
                work.Add(BoundedAsync(connection, hub.Groups.RemoveFromGroupAsync(connection.ConnectionId, group, ct), unreachable));
            }
            foreach (var group in wanted.Where(g => !connection.Groups.Contains(g)))
            {
                connection.Groups.Add(group);
                work.Add(BoundedAsync(connection, hub.Groups.AddToGroupAsync(connection.ConnectionId, group, ct), unreachable));
            }
            if (!Entitlements.IsMember(session, connection.Person)) closing.Add(connection);
        }
        // With the Redis backplane, a group change for a connection on another node returns once that node acked it.
        await Task.WhenAll(work);
        // A connection whose node did not ack in time (crashed, or cut off) is dropped and told to close:
        // it must not keep groups it is no longer entitled to.
        foreach (var lost in unreachable.Keys)
        {
            Log.ConnectionUnreachable(logger, session.Id, lost.Person);
            await registry.DropAsync(lost, ct);
        }
        await Task.WhenAll(changed.Where(c => !unreachable.ContainsKey(c)).Select(c => registry.SaveGroupsAsync(c, ct)));

        foreach (var connection in closing)
        {
            Log.ConnectionsClosed(logger, session.Id, connection.Person, session.IsClosed ? "session closed" : "removed");
            _ = CloseSoonAsync(connection, ct);
        }
    }

    /// <summary>How long a group change may take: on another node it waits for that node's ack.</summary>
    public static readonly TimeSpan GroupChangeTimeout = TimeSpan.FromSeconds(4);

    private static async Task BoundedAsync(HubConnection connection, Task change, System.Collections.Concurrent.ConcurrentDictionary<HubConnection, byte> unreachable)
    {
        try
        {
            await change.WaitAsync(GroupChangeTimeout);
        }
        catch (TimeoutException)
        {
            unreachable.TryAdd(connection, 0);
        }
    }

    /// <summary>
    /// The connection is already in no group and every call it makes is refused, so nothing more
    /// can reach it; the short grace only lets its last "you were removed"/"closed" state and the
    /// ack of the mediator's own close call go out before the socket closes.
    /// </summary>
    private async Task CloseSoonAsync(HubConnection connection, CancellationToken ct)
    {
        await Task.Delay(CloseGrace, CancellationToken.None);
        try
        {
            await registry.CloseAsync(connection, ct);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException or StackExchange.Redis.RedisException)
        {
            // Its groups are already gone, so nothing reaches it; the node holding it closes it when its heartbeat lapses.
            Log.CloseFailed(logger, connection.Person, e);
        }
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
