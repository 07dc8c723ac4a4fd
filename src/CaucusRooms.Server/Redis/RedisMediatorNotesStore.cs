using CaucusRooms.Domain;
using CaucusRooms.Server.Notes;
using StackExchange.Redis;

namespace CaucusRooms.Server.Redis;

/// <summary>
/// The mediators' private notes of a session: one value, sealed whole (text, who saved them) with the session's data
/// key, so a purge that destroys that key leaves nothing readable even before the value itself is deleted.
/// </summary>
internal sealed class RedisMediatorNotesStore(IConnectionMultiplexer redis, SessionDataKeys keys) : IMediatorNotesStore
{
    private IDatabase Db => redis.GetDatabase();

    public async Task<StoredNotes?> GetAsync(SessionId session, CancellationToken ct = default)
    {
        var value = await Db.StringGetAsync(RedisKeys.SessionNotes(session));
        if (value.IsNull) return null;
        var secret = RedisJson.Read<Secret>(await keys.OpenAsync(session, (byte[])value!, Context(session)));
        return new StoredNotes(secret.Text, secret.SavedAt, new ParticipantId(secret.SavedBy), secret.SavedByName);
    }

    public async Task SaveAsync(SessionId session, StoredNotes notes, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(notes);
        var secret = RedisJson.Write(new Secret(notes.Text, notes.SavedAt, notes.SavedBy.Value, notes.SavedByName));
        await Db.StringSetAsync(RedisKeys.SessionNotes(session), await keys.SealAsync(session, secret, Context(session)));
    }

    public Task PurgeAsync(SessionId session, CancellationToken ct = default) => Db.KeyDeleteAsync(RedisKeys.SessionNotes(session));

    // Binds the sealed notes to their session: copied under another session's key they do not open.
    private static string Context(SessionId session) => $"notes|{session}";

    private sealed record Secret(string Text, DateTimeOffset SavedAt, Guid SavedBy, string SavedByName);
}
