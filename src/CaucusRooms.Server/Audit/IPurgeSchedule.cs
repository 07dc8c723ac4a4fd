using CaucusRooms.Domain;

namespace CaucusRooms.Server.Audit;

/// <summary>A purge that is due at a time: a closed session's message history, room by room.</summary>
internal sealed record DuePurge(SessionId Session, IReadOnlyList<RoomId> Rooms, DateTimeOffset Due);

/// <summary>
/// Purges scheduled for later, kept in the store (not in a node's memory), so any node sweeps them when they are due:
/// a restart of the node that closed the session does not lose its purge. A node claims a due purge for a lease; if it
/// dies before completing it, the purge is due again when the lease ends (purging twice is harmless).
/// In memory by default, in Redis when configured.
/// </summary>
internal interface IPurgeSchedule
{
    Task ScheduleAsync(DuePurge purge, CancellationToken ct = default);

    /// <summary>Claims up to <paramref name="max"/> purges due at <paramref name="now"/> for <paramref name="lease"/>; a claimed one goes to no other caller meanwhile.</summary>
    Task<IReadOnlyList<DuePurge>> ClaimDueAsync(DateTimeOffset now, TimeSpan lease, int max, CancellationToken ct = default);

    /// <summary>Removes a purge that was carried out.</summary>
    Task CompleteAsync(DuePurge purge, CancellationToken ct = default);
}

internal sealed class InMemoryPurgeSchedule : IPurgeSchedule
{
    private readonly Lock _gate = new();
    private readonly Dictionary<DuePurge, DateTimeOffset> _next = [];

    public Task ScheduleAsync(DuePurge purge, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(purge);
        lock (_gate) _next[purge] = purge.Due;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<DuePurge>> ClaimDueAsync(DateTimeOffset now, TimeSpan lease, int max, CancellationToken ct = default)
    {
        lock (_gate)
        {
            var due = _next.Where(kv => kv.Value <= now).OrderBy(kv => kv.Value).Take(max).Select(kv => kv.Key).ToList();
            foreach (var p in due) _next[p] = now + lease;
            return Task.FromResult<IReadOnlyList<DuePurge>>(due);
        }
    }

    public Task CompleteAsync(DuePurge purge, CancellationToken ct = default)
    {
        lock (_gate) _next.Remove(purge);
        return Task.CompletedTask;
    }
}
