using CaucusRooms.Server.Accounts;
using CaucusRooms.Server.Audit;
using CaucusRooms.Server.Invites;
using CaucusRooms.Server.Messages;
using CaucusRooms.Server.Notes;
using CaucusRooms.Server.SessionState;

namespace CaucusRooms.Redis.Tests.Stores;

public sealed class InMemoryStoreContractTests : StoreContractTests
{
    internal override IAccountStore Accounts { get; } = new InMemoryAccountStore();
    internal override ISessionStore Sessions { get; } = new InMemorySessionStore();
    internal override IInviteStore Invites { get; } = new InMemoryInviteStore();
    internal override IMessageStore Messages { get; } = new InMemoryMessageStore();
    internal override IAuditStore Audits { get; } = new InMemoryAuditStore();
    internal override IMediatorNotesStore Notes { get; } = new InMemoryMediatorNotesStore();
}
