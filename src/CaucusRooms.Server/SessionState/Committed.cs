using CaucusRooms.Domain;
using CaucusRooms.Server.Connections;

namespace CaucusRooms.Server.SessionState;

/// <summary>
/// What a store answers for a change it stored with its audit entry. <see cref="Presence"/> is who of the session was
/// connected when it was stored, where the store tells in the same step: on Redis the replace script reads the connection
/// registry too, so the change's notices cost no further round trip while the session's lock is held. Null where it does
/// not (in memory, where the registry is this node's own and asking it costs nothing): then whoever needs it asks the registry.
/// Nobody connects to the session while its lock is held (a connect takes it), so this is also who is connected when the
/// change's holder tells people; only a close can come between, as it can with any read. <see cref="Devices"/> is how many
/// devices each person redeemed an invite on (the mediators' view shows it), read in the same step on Redis likewise, else
/// null and the invite store is asked.
/// </summary>
internal sealed record Committed(SessionPresence? Presence, IReadOnlyDictionary<ParticipantId, int>? Devices)
{
    /// <summary>Stored; neither who is online nor the devices were read with it.</summary>
    public static Committed Stored { get; } = new(Presence: null, Devices: null);
}
