using CaucusRooms.Domain;

namespace CaucusRooms.Server.Audit;

/// <summary>
/// What is kept with a session's messages and deleted with them at its purge (<see cref="Retention"/>): the shared documents.
/// An interface here, so the purge does not depend on the feature that shares them.
/// </summary>
internal interface IPurgedWithMessages
{
    /// <summary>Deletes everything of the session this store holds (the session's purge).</summary>
    Task PurgeAsync(SessionId session, CancellationToken ct = default);
}
