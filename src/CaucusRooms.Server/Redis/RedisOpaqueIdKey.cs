using System.Security.Cryptography;
using CaucusRooms.Server.Admin;
using Microsoft.AspNetCore.DataProtection;
using StackExchange.Redis;

namespace CaucusRooms.Server.Redis;

/// <summary>
/// The opaque-id key shared by every node: 256 random bits, stored in Redis only wrapped by Data
/// Protection (whose encrypted key ring every node shares), made by whichever node needs it first.
/// </summary>
internal sealed class RedisOpaqueIdKey(IConnectionMultiplexer redis, IDataProtectionProvider dataProtection) : IOpaqueIdKey
{
    private readonly IDataProtector _wrapper = dataProtection.CreateProtector("CaucusRooms.Admin.OpaqueIdKey.v1");
    private byte[]? _key;

    public async Task<byte[]> GetAsync(CancellationToken ct = default)
    {
        if (_key is { } known) return known;
        var db = redis.GetDatabase();
        var wrapped = await db.StringGetAsync(RedisKeys.OpaqueIdKey).WaitAsync(ct);
        if (wrapped.IsNull)
        {
            // Two nodes may race to create it: the first write wins and both use that one.
            await db.StringSetAsync(RedisKeys.OpaqueIdKey, _wrapper.Protect(RandomNumberGenerator.GetBytes(32)), when: When.NotExists).WaitAsync(ct);
            wrapped = await db.StringGetAsync(RedisKeys.OpaqueIdKey).WaitAsync(ct);
        }
        return _key = _wrapper.Unprotect((byte[])wrapped!);
    }
}
