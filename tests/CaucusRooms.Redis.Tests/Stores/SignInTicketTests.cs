using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Options;

namespace CaucusRooms.Redis.Tests.Stores;

/// <summary>Sign-in tickets hold names, so they go into Redis only protected; one that does not unprotect is a signed-out visitor.</summary>
[Collection(RedisTestGroup.Name)]
public sealed class SignInTicketTests(RedisFixture redis)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ATicketHoldsNoNameInRedisAndAnotherKeyRingReadsItAsSignedOut()
    {
        var keyRing = new EphemeralDataProtectionProvider();
        var tickets = Tickets(keyRing);
        var name = $"Alex Quill {Guid.NewGuid():N}";
        var ticket = new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], "test")), "Cookies");

        var key = await tickets.StoreAsync(ticket).WaitAsync(Timeout);
        var atRest = await redis.Connection.GetDatabase().HashGetAllAsync(RedisKeys.CacheInstance + RedisKeys.Ticket(key)).WaitAsync(Timeout);

        Assert.NotEmpty(atRest);
        Assert.All(atRest, e => Assert.DoesNotContain("Alex Quill", System.Text.Encoding.UTF8.GetString((byte[])e.Value!), StringComparison.Ordinal));
        Assert.Equal(name, (await tickets.RetrieveAsync(key).WaitAsync(Timeout))?.Principal.Identity?.Name);
        Assert.Null(await Tickets(new EphemeralDataProtectionProvider()).RetrieveAsync(key).WaitAsync(Timeout));
    }

    private DistributedTicketStore Tickets(IDataProtectionProvider keyRing) =>
        new(new RedisCache(Options.Create(new RedisCacheOptions
        {
            ConnectionMultiplexerFactory = () => Task.FromResult(redis.Connection),
            InstanceName = RedisKeys.CacheInstance,
        })), keyRing, TimeProvider.System);
}
