using System.Globalization;
using CaucusRooms.Domain;
using CaucusRooms.Server.Invites;
using StackExchange.Redis;

namespace CaucusRooms.Server.Redis;

/// <summary>Invites as hashes (only the code's hash is a key), with a set per session.</summary>
internal sealed class RedisInviteStore(IConnectionMultiplexer redis) : IInviteStore
{
    private IDatabase Db => redis.GetDatabase();

    public async Task AddAsync(Invite invite, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(invite);
        await Db.HashSetAsync(RedisKeys.Invite(invite.CodeHash),
        [
            new("session", invite.Session.ToString()),
            new("participant", invite.Participant.ToString()),
            new("expires", invite.ExpiresAt.ToUnixTimeMilliseconds()),
            new("revoked", invite.IsRevoked ? 1 : 0),
            new("redemptions", invite.Redemptions),
        ]);
        await Db.SetAddAsync(RedisKeys.InvitesOfSession(invite.Session), invite.CodeHash);
    }

    public async Task<Invite?> FindAsync(string codeHash, CancellationToken ct = default)
    {
        var fields = (await Db.HashGetAllAsync(RedisKeys.Invite(codeHash))).ToDictionary(e => e.Name.ToString(), e => e.Value);
        if (fields.Count == 0) return null;
        return new Invite(codeHash,
            new SessionId(Guid.Parse(fields["session"].ToString())),
            new ParticipantId(Guid.Parse(fields["participant"].ToString())),
            DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(fields["expires"].ToString(), CultureInfo.InvariantCulture)),
            fields["revoked"] == 1,
            (int)fields["redemptions"]);
    }

    public async Task<int> RecordRedemptionAsync(string codeHash, CancellationToken ct = default) =>
        (int)await Db.HashIncrementAsync(RedisKeys.Invite(codeHash), "redemptions");

    public async Task RevokeAsync(SessionId session, ParticipantId participant, CancellationToken ct = default)
    {
        foreach (var (hash, person, _) in await OfSessionAsync(session))
            if (person == participant) await Db.HashSetAsync(RedisKeys.Invite(hash), "revoked", 1);
    }

    public async Task<IReadOnlyDictionary<ParticipantId, int>> DevicesAsync(SessionId session, CancellationToken ct = default) =>
        (await OfSessionAsync(session)).GroupBy(i => i.Person).ToDictionary(g => g.Key, g => g.Sum(i => i.Redemptions));

    private async Task<List<(string Hash, ParticipantId Person, int Redemptions)>> OfSessionAsync(SessionId session)
    {
        var found = new List<(string, ParticipantId, int)>();
        foreach (var hash in await Db.SetMembersAsync(RedisKeys.InvitesOfSession(session)))
        {
            var values = await Db.HashGetAsync(RedisKeys.Invite(hash.ToString()), ["participant", "redemptions"]);
            if (values[0].IsNull) continue;
            found.Add((hash.ToString(), new ParticipantId(Guid.Parse(values[0].ToString())), (int)values[1]));
        }
        return found;
    }
}
