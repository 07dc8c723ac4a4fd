using CaucusRooms.Domain;

namespace CaucusRooms.Server.Connections;

/// <summary>
/// Who of one session is connected, as one read of the connection registry found them: the open connections (leftovers
/// of dead nodes and of closed connections left out) and the people they belong to. A change stored on Redis gets it
/// from its commit (<see cref="SessionState.Committed"/>), so what it tells people needs no registry read of its own.
/// </summary>
internal sealed class SessionPresence(IReadOnlyList<HubConnection> open)
{
    /// <summary>The session's open connections, on every node; those of other nodes have no hub context.</summary>
    public IReadOnlyList<HubConnection> Open { get; } = open;

    /// <summary>The people with at least one open connection.</summary>
    public IReadOnlySet<ParticipantId> Online { get; } = open.Select(c => c.Person).ToHashSet();
}
