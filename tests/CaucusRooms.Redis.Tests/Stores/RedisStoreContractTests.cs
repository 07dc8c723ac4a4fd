using CaucusRooms.Server.Accounts;
using CaucusRooms.Server.Audit;
using CaucusRooms.Server.Documents;
using CaucusRooms.Server.Invites;
using CaucusRooms.Server.Messages;
using CaucusRooms.Server.Notes;
using CaucusRooms.Server.Redis;
using CaucusRooms.Server.SessionState;
using Microsoft.AspNetCore.DataProtection;

namespace CaucusRooms.Redis.Tests.Stores;

[Collection(RedisTestGroup.Name)]
public sealed class RedisStoreContractTests(RedisFixture redis) : StoreContractTests
{
    private static readonly IDataProtectionProvider KeyRing = new EphemeralDataProtectionProvider();

    internal override IAccountStore Accounts { get; } = new RedisAccountStore(redis.Connection);
    internal override ISessionStore Sessions { get; } = new RedisSessionStore(redis.Connection, new SessionRecordKeys(redis.Connection, KeyRing));
    internal override IInviteStore Invites { get; } = new RedisInviteStore(redis.Connection);
    internal override IMessageStore Messages { get; } = new RedisMessageStore(redis.Connection, new SessionDataKeys(redis.Connection, new EphemeralDataProtectionProvider()));
    internal override IAuditStore Audits { get; } = new RedisAuditStore(redis.Connection, new SessionRecordKeys(redis.Connection, KeyRing));
    internal override IMediatorNotesStore Notes { get; } = new RedisMediatorNotesStore(redis.Connection, new SessionDataKeys(redis.Connection, KeyRing));
    internal override IDocumentStore Documents { get; } = new RedisDocumentStore(redis.Connection, new SessionDataKeys(redis.Connection, KeyRing));
}
