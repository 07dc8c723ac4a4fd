using CaucusRooms.Domain;
using CaucusRooms.Server.Infrastructure;

namespace CaucusRooms.Server.Connections;

/// <summary>
/// Closes every connection of people who are no longer members (removed, or the session closed), on
/// whichever node holds them (invariant 7). Nothing is addressed to them meanwhile: they are nobody's
/// reader and no mediator any more, so the short grace only lets their last "removed"/"closed" state
/// go out before the sockets close. A connection of this node inside a call of its own (the mediator who closed the
/// session) is closed only after that call has answered, and the grace runs again then for its ack
/// (<see cref="CallsInFlight"/>); a call that runs on past <see cref="MaxWaitForAnswer"/> is cut off.
/// </summary>
internal sealed class Departures(IConnectionRegistry registry, CallsInFlight calls, ILogger<Departures> logger)
{
    private static readonly TimeSpan CloseGrace = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a departing connection's own call may still run before the connection is closed all the same.</summary>
    public static readonly TimeSpan MaxWaitForAnswer = TimeSpan.FromSeconds(30);

    public void CloseGone(MediationSession session, IEnumerable<HubConnection> connections)
    {
        foreach (var connection in connections.Where(c => !Entitlements.IsMember(session, c.Person)))
        {
            Log.ConnectionsClosed(logger, session.Id, connection.Person, session.IsClosed ? "session closed" : "removed");
            _ = CloseSoonAsync(connection);
        }
    }

    private async Task CloseSoonAsync(HubConnection connection)
    {
        await Task.Delay(CloseGrace, CancellationToken.None);
        if (calls.AnsweredAsync(connection.ConnectionId) is { IsCompleted: false } answering)
        {
            await Task.WhenAny(answering, Task.Delay(MaxWaitForAnswer, CancellationToken.None));
            await Task.Delay(CloseGrace, CancellationToken.None);
        }
        try
        {
            await registry.CloseAsync(connection, CancellationToken.None);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException or StackExchange.Redis.RedisException)
        {
            // Nothing reaches it any more; the node holding it closes it when its heartbeat lapses.
            Log.CloseFailed(logger, connection.Person, e);
        }
    }
}
