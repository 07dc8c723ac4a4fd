using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.Infrastructure;

namespace CaucusRooms.Server.SessionState;

/// <summary>
/// Where a session is read and written, and its lock: everything that reads or changes who may receive what
/// in one session runs under <see cref="LockAsync"/> (see <see cref="ISessionLocks"/>).
/// </summary>
internal sealed class SessionRepository(ISessionStore store, ISessionLocks locks)
{
    /// <summary>Sessions remembered for <see cref="LastReadAsync"/> at most; beyond it the memory starts afresh.</summary>
    public const int MaxRemembered = 4096;

    private readonly BoundedTable<SessionId, MediationSession> _lastRead = new(MaxRemembered);
    private readonly BoundedTable<SessionId, (SessionSnapshot Snapshot, MediationSession Session)> _built = new(MaxRemembered);

    /// <summary>Waits for the session's lock; disposing the result releases it.</summary>
    public Task<IDisposable> LockAsync(SessionId id, CancellationToken ct = default) => locks.AcquireAsync(id, ct);

    /// <summary>Waits for the changes to the session that this node is making or about to make (see <see cref="ISessionLocks.WaitWhileHeldHereAsync"/>).</summary>
    public Task<bool> WaitForChangesHereAsync(SessionId id, CancellationToken ct = default) => locks.WaitWhileHeldHereAsync(id, ct);

    /// <summary>
    /// The session as stored now, for a read (a send holding the lock, history, connect, views, checks): built once per
    /// stored snapshot and shared (see <see cref="BuiltOnceAsync"/>), so read-only. A change never starts from it:
    /// <c>ChangePipeline</c> builds its own from <see cref="GetAsync"/>.
    /// </summary>
    public ValueTask<MediationSession?> LoadAsync(SessionId id, CancellationToken ct = default) => BuiltOnceAsync(id, ct);

    /// <summary>The session as this node last read or stored it, with no store call, or null (see <see cref="ISessionStore.Remembered"/>).</summary>
    public StoredSession? Remembered(SessionId id) => store.Remembered(id);

    /// <summary>The session as stored, with its version, for a change that replaces it.</summary>
    public Task<StoredSession?> GetAsync(SessionId id, CancellationToken ct = default) => store.GetAsync(id, ct);

    /// <summary>Stores a new session with its first audit entry, both or neither.</summary>
    public Task CreateAsync(StoredSession session, AuditEntryDto opened, CancellationToken ct = default) => store.CreateAsync(session, opened, ct);

    /// <summary>
    /// Stores <paramref name="changed"/> (decided on <paramref name="read"/>) with the change's audit entry, both or neither,
    /// unless another node changed it since <paramref name="read"/> was read (then null); see <see cref="Committed"/> for what
    /// else it answers. Once stored, <paramref name="changed"/> is this node's last read and built session: the change's
    /// holder no longer changes it, so the next send and read share it (read-only) instead of reading the store again and
    /// rebuilding what the change just built.
    /// </summary>
    public async Task<Committed?> TryReplaceAsync(MediationSession changed, StoredSession read, AuditEntryDto entry, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(changed);
        ArgumentNullException.ThrowIfNull(read);
        var stored = read with { Snapshot = changed.ToSnapshot() };
        var committed = await store.TryReplaceAsync(stored, read.Version, entry, ct);
        if (committed is null) return null;
        // The store answers this snapshot (the same instance) while the session stays as stored: BuiltOnceAsync finds it built.
        _built.Put(changed.Id, (stored.Snapshot, changed), static (kept, built) => kept.Session.Version > built.Session.Version);
        _lastRead.Put(changed.Id, changed, static (kept, read) => kept.Version > read.Version);
        return committed;
    }

    /// <summary>
    /// The session as this node last read it (no store call), or as stored now when <paramref name="fresh"/> or not read
    /// yet. Possibly old: only for a decision whose store step checks the version it was made on (a send on Redis,
    /// see <c>IVersionCheckedAppend</c>). Read-only: the same instance is shared by concurrent sends.
    /// </summary>
    public async Task<MediationSession?> LastReadAsync(SessionId id, bool fresh, CancellationToken ct = default)
    {
        if (!fresh && _lastRead.TryGetValue(id, out var known)) return known;
        var session = await LoadAsync(id, ct);
        if (session is null)
        {
            _lastRead.Remove(id);
            return null;
        }
        // A slower read must not put back an older version than one already remembered.
        _lastRead.Put(id, session, static (kept, read) => kept.Version > read.Version);
        return session;
    }

    /// <summary>Runs <paramref name="work"/> under the session's lock with the current state (for sends): read-only, see <see cref="BuiltOnceAsync"/>.</summary>
    public async Task<T> UnderLockAsync<T>(SessionId id, Func<MediationSession?, Task<T>> work, CancellationToken ct = default)
    {
        using var _ = await LockAsync(id, ct);
        return await work(await BuiltOnceAsync(id, ct));
    }

    /// <summary>
    /// The session as stored now, rebuilt from its snapshot only when the snapshot is another than last time (a stored
    /// snapshot is never changed; a change stores a new one): a send no longer rebuilds the aggregate. The instance is
    /// shared, so read-only: a change builds its own (<c>ChangePipeline</c>). On Redis an unchanged session's read answers
    /// the snapshot it answered last time (<c>RedisSessionStore</c>), so this finds the aggregate built for it.
    /// </summary>
    private async ValueTask<MediationSession?> BuiltOnceAsync(SessionId id, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not { } stored) return null;
        if (_built.TryGetValue(id, out var known) && ReferenceEquals(known.Snapshot, stored.Snapshot)) return known.Session;
        var session = MediationSession.FromSnapshot(stored.Snapshot);
        _built.Put(id, (stored.Snapshot, session));
        return session;
    }
}
