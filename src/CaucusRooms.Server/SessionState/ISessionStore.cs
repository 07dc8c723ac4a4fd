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

/// <summary>Sessions and locations: in memory by default, in Redis when configured.</summary>
internal interface ISessionStore
{
    Task CreateAsync(StoredSession session, CancellationToken ct = default);

    Task<StoredSession?> GetAsync(SessionId id, CancellationToken ct = default);

    /// <summary>Stores <paramref name="session"/> only if the stored version is still <paramref name="expectedVersion"/>.</summary>
    Task<bool> TryReplaceAsync(StoredSession session, long expectedVersion, CancellationToken ct = default);

    Task<IReadOnlyList<StoredSession>> ListForAccountAsync(string accountId, CancellationToken ct = default);
}

internal sealed class InMemorySessionStore : ISessionStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<SessionId, StoredSession> _sessions = [];

    public Task CreateAsync(StoredSession session, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        lock (_gate)
        {
            if (!_sessions.TryAdd(session.Id, session)) throw new InvalidOperationException("Session exists.");
        }
        return Task.CompletedTask;
    }

    public Task<StoredSession?> GetAsync(SessionId id, CancellationToken ct = default)
    {
        lock (_gate) return Task.FromResult(_sessions.GetValueOrDefault(id));
    }

    public Task<bool> TryReplaceAsync(StoredSession session, long expectedVersion, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        lock (_gate)
        {
            if (!_sessions.TryGetValue(session.Id, out var current) || current.Version != expectedVersion) return Task.FromResult(false);
            _sessions[session.Id] = session;
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<StoredSession>> ListForAccountAsync(string accountId, CancellationToken ct = default)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<StoredSession>>([.. _sessions.Values.Where(s => s.MediatorAccounts.ContainsKey(accountId))]);
    }
}
