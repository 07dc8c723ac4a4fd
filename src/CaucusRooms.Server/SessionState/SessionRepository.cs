using CaucusRooms.Contracts;
using CaucusRooms.Domain;

namespace CaucusRooms.Server.SessionState;

/// <summary>
/// Where a session is read and written, and its lock: everything that reads or changes who may receive what
/// in one session runs under <see cref="LockAsync"/> (see <see cref="ISessionLocks"/>).
/// </summary>
internal sealed class SessionRepository(ISessionStore store, ISessionLocks locks)
{
    /// <summary>Waits for the session's lock; disposing the result releases it.</summary>
    public Task<IDisposable> LockAsync(SessionId id, CancellationToken ct = default) => locks.AcquireAsync(id, ct);

    public async Task<MediationSession?> LoadAsync(SessionId id, CancellationToken ct = default) =>
        await store.GetAsync(id, ct) is { } stored ? MediationSession.FromSnapshot(stored.Snapshot) : null;

    /// <summary>The session as stored, with its version, for a change that replaces it.</summary>
    public Task<StoredSession?> GetAsync(SessionId id, CancellationToken ct = default) => store.GetAsync(id, ct);

    /// <summary>Stores a new session with its first audit entry, both or neither.</summary>
    public Task CreateAsync(StoredSession session, AuditEntryDto opened, CancellationToken ct = default) => store.CreateAsync(session, opened, ct);

    /// <summary>Stores the session with the change's audit entry, both or neither, unless another node changed it since <paramref name="expectedVersion"/> was read.</summary>
    public Task<bool> TryReplaceAsync(StoredSession session, long expectedVersion, AuditEntryDto entry, CancellationToken ct = default) =>
        store.TryReplaceAsync(session, expectedVersion, entry, ct);

    /// <summary>Runs <paramref name="work"/> under the session's lock with the current state (for sends).</summary>
    public async Task<T> UnderLockAsync<T>(SessionId id, Func<MediationSession?, Task<T>> work, CancellationToken ct = default)
    {
        using var _ = await LockAsync(id, ct);
        return await work(await LoadAsync(id, ct));
    }
}
