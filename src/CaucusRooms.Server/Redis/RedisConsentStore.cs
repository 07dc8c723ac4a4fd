using CaucusRooms.Domain;
using CaucusRooms.Server.Consent;
using StackExchange.Redis;

namespace CaucusRooms.Server.Redis;

/// <summary>Consent records by item id, indexed per caucus room and per session. They hold ids and states, never words.</summary>
internal sealed class RedisConsentStore(IConnectionMultiplexer redis) : IConsentStore
{
    private IDatabase Db => redis.GetDatabase();

    public async Task<ConsentRecord?> GetAsync(Guid itemId, CancellationToken ct = default)
    {
        var json = await Db.StringGetAsync(RedisKeys.Consent(itemId));
        return json.IsNull ? null : RedisJson.Read<ConsentRecord>(json.ToString());
    }

    public async Task SetAsync(ConsentRecord record, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        await Db.StringSetAsync(RedisKeys.Consent(record.ItemId), RedisJson.Write(record));
        await Db.SetAddAsync(RedisKeys.ConsentsOfRoom(record.Caucus), record.ItemId.ToString("N"));
        await Db.SetAddAsync(RedisKeys.ConsentsOfSession(record.Session), record.ItemId.ToString("N"));
    }

    public async Task<IReadOnlyList<ConsentRecord>> ListAsync(RoomId caucus, CancellationToken ct = default)
    {
        var found = new List<ConsentRecord>();
        foreach (var id in await Db.SetMembersAsync(RedisKeys.ConsentsOfRoom(caucus)))
            if (Guid.TryParse(id.ToString(), out var g) && await GetAsync(g, ct) is { } record) found.Add(record);
        return found;
    }

    public async Task PurgeSessionAsync(SessionId session, CancellationToken ct = default)
    {
        foreach (var id in await Db.SetMembersAsync(RedisKeys.ConsentsOfSession(session)))
        {
            if (!Guid.TryParse(id.ToString(), out var g)) continue;
            if (await GetAsync(g, ct) is { } record) await Db.KeyDeleteAsync(RedisKeys.ConsentsOfRoom(record.Caucus));
            await Db.KeyDeleteAsync(RedisKeys.Consent(g));
        }
        await Db.KeyDeleteAsync(RedisKeys.ConsentsOfSession(session));
    }
}
