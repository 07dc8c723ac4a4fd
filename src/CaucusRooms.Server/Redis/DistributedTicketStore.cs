using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Caching.Distributed;

namespace CaucusRooms.Server.Redis;

/// <summary>
/// Sign-in tickets in the distributed cache: the cookie holds only a random key, any node
/// can look it up, and signing out deletes the ticket everywhere.
/// </summary>
internal sealed class DistributedTicketStore(IDistributedCache cache, TimeProvider clock) : ITicketStore
{
    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var key = Guid.NewGuid().ToString("N");
        await RenewAsync(key, ticket);
        return key;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var expires = ticket.Properties.ExpiresUtc ?? clock.GetUtcNow().AddHours(12);
        return cache.SetAsync(RedisKeys.Ticket(key), TicketSerializer.Default.Serialize(ticket), new DistributedCacheEntryOptions { AbsoluteExpiration = expires });
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        var bytes = await cache.GetAsync(RedisKeys.Ticket(key));
        return bytes is null ? null : TicketSerializer.Default.Deserialize(bytes);
    }

    public Task RemoveAsync(string key) => cache.RemoveAsync(RedisKeys.Ticket(key));
}

/// <summary>Puts the cookie scheme's tickets into the <see cref="ITicketStore"/>.</summary>
internal sealed class TicketStoreSetup(ITicketStore store) : Microsoft.Extensions.Options.IPostConfigureOptions<CookieAuthenticationOptions>
{
    public void PostConfigure(string? name, CookieAuthenticationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (name == CookieAuthenticationDefaults.AuthenticationScheme) options.SessionStore = store;
    }
}
