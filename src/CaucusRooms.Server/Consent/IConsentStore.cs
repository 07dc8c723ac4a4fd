using CaucusRooms.Domain;

namespace CaucusRooms.Server.Consent;

/// <summary>The consent state of one caucus item.</summary>
internal enum ConsentState
{
    /// <summary>The mediator asked the side whether it may be shared.</summary>
    Asked,

    /// <summary>The side said it may be shared.</summary>
    Granted,

    /// <summary>The side took its consent back.</summary>
    Withdrawn,
}

/// <summary>Consent of one item, held apart from the item's words.</summary>
internal sealed record ConsentRecord(SessionId Session, RoomId Caucus, Guid ItemId, ConsentState State, DateTimeOffset At);

/// <summary>Consents: in memory by default, in Redis when configured.</summary>
internal interface IConsentStore
{
    Task<ConsentRecord?> GetAsync(Guid itemId, CancellationToken ct = default);

    Task SetAsync(ConsentRecord record, CancellationToken ct = default);

    Task<IReadOnlyList<ConsentRecord>> ListAsync(RoomId caucus, CancellationToken ct = default);

    Task PurgeSessionAsync(SessionId session, CancellationToken ct = default);
}

internal sealed class InMemoryConsentStore : IConsentStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, ConsentRecord> _records = [];

    public Task<ConsentRecord?> GetAsync(Guid itemId, CancellationToken ct = default)
    {
        lock (_gate) return Task.FromResult(_records.GetValueOrDefault(itemId));
    }

    public Task SetAsync(ConsentRecord record, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_gate) _records[record.ItemId] = record;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ConsentRecord>> ListAsync(RoomId caucus, CancellationToken ct = default)
    {
        lock (_gate) return Task.FromResult<IReadOnlyList<ConsentRecord>>([.. _records.Values.Where(r => r.Caucus == caucus)]);
    }

    public Task PurgeSessionAsync(SessionId session, CancellationToken ct = default)
    {
        lock (_gate)
        {
            foreach (var id in _records.Values.Where(r => r.Session == session).Select(r => r.ItemId).ToList()) _records.Remove(id);
        }
        return Task.CompletedTask;
    }
}
