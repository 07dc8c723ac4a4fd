using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Distributed;

namespace CaucusRooms.Server.Redis;

/// <summary>
/// Sign-in tickets in the distributed cache: the cookie holds only a random key, any node
/// can look it up, and signing out deletes the ticket everywhere. A ticket holds names (an invitee's display
/// name, an account's user name), so it is protected with Data Protection, bound to its key, before it is stored.
/// </summary>
internal sealed class DistributedTicketStore(IDistributedCache cache, IDataProtectionProvider dataProtection, TimeProvider clock) : ITicketStore
{
    private readonly IDataProtector _protector = dataProtection.CreateProtector("CaucusRooms.SignInTicket.v1");

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
        return cache.SetAsync(RedisKeys.Ticket(key), _protector.CreateProtector(key).Protect(TicketSerializer.Default.Serialize(ticket)), new DistributedCacheEntryOptions { AbsoluteExpiration = expires });
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        var bytes = await cache.GetAsync(RedisKeys.Ticket(key));
        if (bytes is null) return null;
        try
        {
            return TicketSerializer.Default.Deserialize(_protector.CreateProtector(key).Unprotect(bytes));
        }
        catch (CryptographicException)
        {
            // Not protected for this key (a plain ticket from before, or one moved here): signed out, not an error.
            return null;
        }
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
