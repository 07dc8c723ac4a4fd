using CaucusRooms.Contracts;
using CaucusRooms.Domain;

namespace CaucusRooms.Server.SessionState;

/// <summary>
/// A session as stored: the domain state plus which mediator accounts act as which
/// participant. Immutable: a change stores a new one with a higher version.
/// </summary>
internal sealed record StoredSession(SessionSnapshot Snapshot, IReadOnlyDictionary<string, ParticipantId> MediatorAccounts)
{
    public SessionId Id => Snapshot.Id;
    public long Version => Snapshot.Version;
}

/// <summary>
/// Sessions and locations: in memory by default, in Redis when configured. A session is written only together with
/// its audit entry, in one step: both are stored or neither, so no committed change (nor a crash or an outage between
/// two writes) can leave the session's trail without it.
/// </summary>
internal interface ISessionStore
{
    /// <summary>Stores a new session and the first entry of its audit trail (<paramref name="opened"/>), both or neither.</summary>
    Task CreateAsync(StoredSession session, AuditEntryDto opened, CancellationToken ct = default);

    Task<StoredSession?> GetAsync(SessionId id, CancellationToken ct = default);

    /// <summary>
    /// The session as this node last read or stored it, with no store call, or null when it holds none (or every read costs
    /// nothing, as in memory). Possibly old: only for a decision stored with <see cref="TryReplaceAsync"/>, which checks
    /// the version it was made on, and that has no effect before it is stored.
    /// </summary>
    StoredSession? Remembered(SessionId id);

    /// <summary>
    /// Stores <paramref name="session"/> and appends <paramref name="entry"/> to its audit trail, both or neither, only if
    /// the stored version is still <paramref name="expectedVersion"/>: what the store answered with it (see
    /// <see cref="Committed"/>), or null when another change was stored since that version, and nothing was written.
    /// </summary>
    Task<Committed?> TryReplaceAsync(StoredSession session, long expectedVersion, AuditEntryDto entry, CancellationToken ct = default);

    Task<IReadOnlyList<StoredSession>> ListForAccountAsync(string accountId, CancellationToken ct = default);
}

/// <summary>
/// In memory: the session and its audit entry are written under one lock, so no reader sees one without the other;
/// <paramref name="appendToTrail"/> appends at once to the in-memory audit store (its <c>Append</c>).
/// </summary>
internal sealed class InMemorySessionStore(Action<SessionId, AuditEntryDto> appendToTrail) : ISessionStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<SessionId, StoredSession> _sessions = [];

    public Task CreateAsync(StoredSession session, AuditEntryDto opened, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        lock (_gate)
        {
            if (!_sessions.TryAdd(session.Id, session)) throw new InvalidOperationException("Session exists.");
            appendToTrail(session.Id, opened);
        }
        return Task.CompletedTask;
    }

    public Task<StoredSession?> GetAsync(SessionId id, CancellationToken ct = default)
    {
        lock (_gate) return Task.FromResult(_sessions.GetValueOrDefault(id));
    }

    /// <summary>None: a read here is a dictionary's, as cheap as a memory of it.</summary>
    public StoredSession? Remembered(SessionId id) => null;

    public Task<Committed?> TryReplaceAsync(StoredSession session, long expectedVersion, AuditEntryDto entry, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        lock (_gate)
        {
            if (!_sessions.TryGetValue(session.Id, out var current) || current.Version != expectedVersion) return Task.FromResult<Committed?>(null);
            _sessions[session.Id] = session;
            appendToTrail(session.Id, entry);
            return Task.FromResult<Committed?>(Committed.Stored);
        }
    }

    public Task<IReadOnlyList<StoredSession>> ListForAccountAsync(string accountId, CancellationToken ct = default)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<StoredSession>>([.. _sessions.Values.Where(s => s.MediatorAccounts.ContainsKey(accountId))]);
    }
}
