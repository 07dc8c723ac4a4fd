using System.Globalization;
using CaucusRooms.Domain;
using CaucusRooms.Server.Invites;
using StackExchange.Redis;

namespace CaucusRooms.Server.Redis;

/// <summary>
/// Invites as hashes (only the code's hash is a key), with a set per session. What a session's invites say together (the
/// devices per person, read on every change; a removed person's revocation) is one script over that set, each invite read
/// inside Redis: one round trip, however many invites. The invite keys are not declared (the script finds them in the set),
/// which a standalone Redis allows; on a cluster the set's members would be read first and the invites asked after it, or
/// the counts kept in a hash of the session's slot.
/// </summary>
internal sealed class RedisInviteStore(IConnectionMultiplexer redis) : IInviteStore
{
    /// <summary>
    /// A Lua function for a script that answers the session's devices per person, <see cref="Devices"/> reads its answer:
    /// participant, redemptions, … for every invite of the session still stored. The replace script of
    /// <c>RedisSessionStore</c> calls it too, so a change's mediator views cost no round trip of their own.
    /// </summary>
    public const string DevicesInLua = """
        local function devices(invitesOfSession, invitePrefix)
          local found = {}
          for _, hash in ipairs(redis.call('SMEMBERS', invitesOfSession)) do
            local invite = redis.call('HMGET', invitePrefix .. hash, 'participant', 'redemptions')
            if invite[1] then
              table.insert(found, invite[1])
              table.insert(found, invite[2] or '0')
            end
          end
          return found
        end

        """;

    private const string OfSessionScript = "#!lua flags=no-writes\n" + DevicesInLua + "return devices(KEYS[1], ARGV[1])\n";

    // Every invite of the session that names the participant (ARGV[2]) is revoked, in the one step.
    private const string RevokeScript = """
        #!lua
        for _, hash in ipairs(redis.call('SMEMBERS', KEYS[1])) do
          local invite = ARGV[1] .. hash
          if redis.call('HGET', invite, 'participant') == ARGV[2] then redis.call('HSET', invite, 'revoked', 1) end
        end
        return 0
        """;

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

    public async Task RevokeAsync(SessionId session, ParticipantId participant, CancellationToken ct = default) =>
        await Db.ScriptEvaluateAsync(RevokeScript, [RedisKeys.InvitesOfSession(session)], [RedisKeys.InvitePrefix, participant.ToString()]);

    public async Task<IReadOnlyDictionary<ParticipantId, int>> DevicesAsync(SessionId session, CancellationToken ct = default) =>
        Devices(await Db.ScriptEvaluateAsync(OfSessionScript, [RedisKeys.InvitesOfSession(session)], [RedisKeys.InvitePrefix]));

    /// <summary>The devices per person in what <see cref="DevicesInLua"/> answered inside a script.</summary>
    public static IReadOnlyDictionary<ParticipantId, int> Devices(RedisResult answered)
    {
        ArgumentNullException.ThrowIfNull(answered);
        var found = (RedisResult[])answered!;
        var devices = new Dictionary<ParticipantId, int>();
        for (var i = 0; i + 1 < found.Length; i += 2)
        {
            var person = new ParticipantId(Guid.Parse(found[i].ToString()));
            devices[person] = devices.GetValueOrDefault(person) + (int)found[i + 1];
        }
        return devices;
    }
}
