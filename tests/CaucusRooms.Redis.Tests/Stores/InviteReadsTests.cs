using StackExchange.Redis;

namespace CaucusRooms.Redis.Tests.Stores;

/// <summary>
/// What a session's invites say together — the devices per person, read on every change, and a removed person's
/// revocation — costs one command however many invites the session has. Judged on what the real redis-server ran (<c>MONITOR</c>).
/// </summary>
[Collection(RedisTestGroup.Name)]
public sealed class InviteReadsTests(RedisFixture redis)
{
    private const int Invites = 6;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private IDatabase Db => redis.Connection.GetDatabase();

    [Fact]
    public async Task DevicesOfASessionWithSixInvitesCostOneCommand()
    {
        var store = new RedisInviteStore(redis.Connection);
        var (session, alex, blake, invites) = await InvitedAsync(store);

        await using var monitor = await RedisMonitor.StartAsync(redis.Server.Port);
        var devices = await store.DevicesAsync(session).WaitAsync(Timeout);
        var commands = Naming(await monitor.UntilAsync(Db).WaitAsync(Timeout), session, invites);

        Assert.True(commands.Count == 1, $"the devices cost {commands.Count} commands:\n{string.Join('\n', commands)}");
        Assert.Equal(6, devices[alex]);
        Assert.Equal(3, devices[blake]);
    }

    [Fact]
    public async Task RevokingAPersonsInvitesInASessionWithSixInvitesCostsOneCommand()
    {
        var store = new RedisInviteStore(redis.Connection);
        var (session, alex, _, invites) = await InvitedAsync(store);

        await using var monitor = await RedisMonitor.StartAsync(redis.Server.Port);
        await store.RevokeAsync(session, alex).WaitAsync(Timeout);
        var commands = Naming(await monitor.UntilAsync(Db).WaitAsync(Timeout), session, invites);

        Assert.True(commands.Count == 1, $"the revocation cost {commands.Count} commands:\n{string.Join('\n', commands)}");
        foreach (var invite in invites)
            Assert.Equal(invite.Participant == alex, (await store.FindAsync(invite.CodeHash).WaitAsync(Timeout))!.IsRevoked);
    }

    /// <summary>Half the invites are Alex's (each redeemed twice), half Blake's (each once).</summary>
    private static async Task<(SessionId Session, ParticipantId Alex, ParticipantId Blake, IReadOnlyList<Invite> Invites)> InvitedAsync(RedisInviteStore store)
    {
        var (session, alex, blake) = (SessionId.New(), ParticipantId.New(), ParticipantId.New());
        var invites = Enumerable.Range(0, Invites)
            .Select(i => new Invite(InviteCodes.Hash(InviteCodes.NewCode()), session, i % 2 == 0 ? alex : blake, DateTimeOffset.UtcNow.AddDays(7), false, 0))
            .ToList();
        foreach (var invite in invites)
        {
            await store.AddAsync(invite).WaitAsync(Timeout);
            for (var n = invite.Participant == alex ? 2 : 1; n > 0; n--) await store.RecordRedemptionAsync(invite.CodeHash).WaitAsync(Timeout);
        }
        return (session, alex, blake, invites);
    }

    /// <summary>The commands the script did not run itself that name the session or one of its invites.</summary>
    private static List<string> Naming(IReadOnlyList<string> commands, SessionId session, IReadOnlyList<Invite> invites) =>
        [.. commands.Where(c => !c.Contains("[0 lua]", StringComparison.Ordinal)
            && (c.Contains(session.ToString(), StringComparison.OrdinalIgnoreCase) || invites.Any(i => c.Contains(i.CodeHash, StringComparison.OrdinalIgnoreCase))))];
}
