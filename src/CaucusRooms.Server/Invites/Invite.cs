using System.Security.Cryptography;
using CaucusRooms.Domain;

namespace CaucusRooms.Server.Invites;

/// <summary>A personal invite. Only the hash of its secret code is ever stored.</summary>
internal sealed record Invite(string CodeHash, SessionId Session, ParticipantId Participant, DateTimeOffset ExpiresAt, bool IsRevoked, int Redemptions);

/// <summary>Invite codes: 256 random bits, URL-safe; stored as SHA-256 (the code is high-entropy, so a fast hash is enough).</summary>
internal static class InviteCodes
{
    public const int MaxCodeLength = 100;

    public static string NewCode() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string code) => Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(code)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>Invites: in memory by default, in Redis when configured.</summary>
internal interface IInviteStore
{
    Task AddAsync(Invite invite, CancellationToken ct = default);

    Task<Invite?> FindAsync(string codeHash, CancellationToken ct = default);

    /// <summary>Counts one more device signed in with this invite; returns the new count.</summary>
    Task<int> RecordRedemptionAsync(string codeHash, CancellationToken ct = default);

    Task RevokeAsync(SessionId session, ParticipantId participant, CancellationToken ct = default);

    /// <summary>Devices signed in per person of a session.</summary>
    Task<IReadOnlyDictionary<ParticipantId, int>> DevicesAsync(SessionId session, CancellationToken ct = default);
}

/// <remarks>Indexed by session as well: every change and every connect tells the mediators how many devices each person has, which read every invite of the node under the store's one lock.</remarks>
internal sealed class InMemoryInviteStore : IInviteStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Invite> _byHash = [];
    private readonly Dictionary<SessionId, List<string>> _hashesBySession = [];

    public Task AddAsync(Invite invite, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(invite);
        lock (_gate)
        {
            _byHash.Add(invite.CodeHash, invite);
            if (!_hashesBySession.TryGetValue(invite.Session, out var hashes)) _hashesBySession[invite.Session] = hashes = [];
            hashes.Add(invite.CodeHash);
        }
        return Task.CompletedTask;
    }

    private IEnumerable<Invite> Of(SessionId session) =>
        _hashesBySession.TryGetValue(session, out var hashes) ? hashes.Select(h => _byHash[h]) : [];

    public Task<Invite?> FindAsync(string codeHash, CancellationToken ct = default)
    {
        lock (_gate) return Task.FromResult(_byHash.GetValueOrDefault(codeHash));
    }

    public Task<int> RecordRedemptionAsync(string codeHash, CancellationToken ct = default)
    {
        lock (_gate)
        {
            var invite = _byHash[codeHash] with { Redemptions = _byHash[codeHash].Redemptions + 1 };
            _byHash[codeHash] = invite;
            return Task.FromResult(invite.Redemptions);
        }
    }

    public Task RevokeAsync(SessionId session, ParticipantId participant, CancellationToken ct = default)
    {
        lock (_gate)
        {
            foreach (var invite in Of(session).Where(i => i.Participant == participant).ToList())
                _byHash[invite.CodeHash] = invite with { IsRevoked = true };
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<ParticipantId, int>> DevicesAsync(SessionId session, CancellationToken ct = default)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyDictionary<ParticipantId, int>>(Of(session)
                .GroupBy(i => i.Participant)
                .ToDictionary(g => g.Key, g => g.Sum(i => i.Redemptions)));
    }
}
