using Microsoft.Extensions.Logging.Abstractions;

namespace CaucusRooms.Redis.Tests.Stores;

[Collection(RedisTestGroup.Name)]
public sealed class RedisStoreContractTests(RedisFixture redis) : StoreContractTests
{
    private static readonly IDataProtectionProvider KeyRing = new EphemeralDataProtectionProvider();

    internal override IAccountStore Accounts { get; } = new RedisAccountStore(redis.Connection);
    internal override ISessionStore Sessions { get; } = new RedisSessionStore(redis.Connection, new SessionRecordKeys(redis.Connection, KeyRing),
        new RedisConnectionRegistry(redis.Connection, new NodeIdentity(), NullLogger<RedisConnectionRegistry>.Instance));
    internal override IInviteStore Invites { get; } = new RedisInviteStore(redis.Connection);
    internal override IMessageStore Messages { get; } = new RedisMessageStore(redis.Connection, new SessionDataKeys(redis.Connection, new EphemeralDataProtectionProvider()));
    internal override IAuditStore Audits { get; } = new RedisAuditStore(redis.Connection, new SessionRecordKeys(redis.Connection, KeyRing));
    internal override IMediatorNotesStore Notes { get; } = new RedisMediatorNotesStore(redis.Connection, new SessionDataKeys(redis.Connection, KeyRing));
    internal override IDocumentStore Documents { get; } = new RedisDocumentStore(redis.Connection, new SessionDataKeys(redis.Connection, KeyRing));
}
