using CaucusRooms.Contracts;
using CaucusRooms.Domain;

namespace CaucusRooms.Server.Audit;

/// <summary>The append-only, content-free audit trail of each session: in memory by default, in Redis when configured.</summary>
internal interface IAuditStore
{
    /// <summary>Appends an entry, giving it the next seq of the session's trail.</summary>
    Task AppendAsync(SessionId session, AuditEntryDto entry, CancellationToken ct = default);

    Task<IReadOnlyList<AuditEntryDto>> ReadAsync(SessionId session, CancellationToken ct = default);

    /// <summary>Deletes the trails (and audit keys) of closed sessions whose last entry is older than <paramref name="cutoff"/>; returns how many.</summary>
    Task<int> DeleteClosedBeforeAsync(DateTimeOffset cutoff, CancellationToken ct = default);

    /// <summary>
    /// The session's audit key (256 random bits, made on first use): it keys the hashes of relayed words, and lives
    /// exactly as long as the session's trail, so a quoted text can be checked against the record for as long as it is kept.
    /// </summary>
    Task<byte[]> KeyAsync(SessionId session, CancellationToken ct = default);
}

internal sealed class InMemoryAuditStore : IAuditStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<SessionId, List<AuditEntryDto>> _trails = [];
    private readonly Dictionary<SessionId, byte[]> _keys = [];

    public Task<byte[]> KeyAsync(SessionId session, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (!_keys.TryGetValue(session, out var key)) _keys[session] = key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
            return Task.FromResult(key);
        }
    }

    public Task AppendAsync(SessionId session, AuditEntryDto entry, CancellationToken ct = default)
    {
        Append(session, entry);
        return Task.CompletedTask;
    }

    /// <summary>Appends at once (the in-memory session store calls it under its own lock, with the change).</summary>
    public void Append(SessionId session, AuditEntryDto entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_gate)
        {
            if (!_trails.TryGetValue(session, out var trail)) _trails[session] = trail = [];
            trail.Add(entry with { Seq = trail.Count + 1 });
        }
    }

    public Task<IReadOnlyList<AuditEntryDto>> ReadAsync(SessionId session, CancellationToken ct = default)
    {
        lock (_gate) return Task.FromResult<IReadOnlyList<AuditEntryDto>>(_trails.TryGetValue(session, out var t) ? [.. t] : []);
    }

    public Task<int> DeleteClosedBeforeAsync(DateTimeOffset cutoff, CancellationToken ct = default)
    {
        lock (_gate)
        {
            var old = _trails.Where(kv => kv.Value.Any(e => e.Kind == "SessionClosed") && kv.Value[^1].At < cutoff).Select(kv => kv.Key).ToList();
            foreach (var id in old)
            {
                _trails.Remove(id);
                _keys.Remove(id);
            }
            return Task.FromResult(old.Count);
        }
    }
}
