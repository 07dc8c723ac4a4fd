using CaucusRooms.Domain;
using CaucusRooms.Server.Infrastructure;
using CaucusRooms.Server.SessionState;

namespace CaucusRooms.Server.Redis;

/// <summary>
/// The session this node last opened or stored, per session, with the version and the digest (SHA-1, as Redis' scripts make
/// it) of the sealed state it was stored as: a read that finds a state with that digest still stored under that version
/// answers this instance, with no unseal and no JSON (<see cref="RedisSessionStore"/>); any other stored state, even under
/// the same version, is opened as on a first read. It is what this node already holds in the clear; bounded like
/// <see cref="SessionRepository.MaxRemembered"/>, beyond which the memory starts afresh.
/// </summary>
internal sealed class OpenedSessions
{
    private readonly BoundedTable<SessionId, Opened> _opened = new(SessionRepository.MaxRemembered);

    public Opened? Find(SessionId id) => _opened.TryGetValue(id, out var opened) ? opened : null;

    /// <summary>Remembers <paramref name="session"/> as stored under <paramref name="version"/> in <paramref name="sealedState"/>.</summary>
    public void Remember(StoredSession session, long version, byte[] sealedState)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(sealedState);
        // Lowercase hex, as redis.sha1hex answers it. SHA-1 only tells this node's own bytes from others here: it keys nothing.
#pragma warning disable CA5350
        var opened = new Opened(session, version, Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(sealedState)));
#pragma warning restore CA5350
        // A slower read must not put back an older version than one already remembered.
        _opened.Put(session.Id, opened, static (kept, read) => kept.Version > read.Version);
    }

    public void Forget(SessionId id) => _opened.Remove(id);

    /// <summary>A session as opened, and the digest of the stored state it came from.</summary>
    internal sealed record Opened(StoredSession Session, long Version, string StateDigest);
}
