namespace CaucusRooms.Redis.Tests.Stores;

public sealed class InMemoryStoreContractTests : StoreContractTests
{
    internal override IAccountStore Accounts { get; } = new InMemoryAccountStore();
    private static readonly InMemoryAuditStore Trails = new();

    internal override ISessionStore Sessions { get; } = new InMemorySessionStore(Trails.Append);
    internal override IInviteStore Invites { get; } = new InMemoryInviteStore();
    internal override IMessageStore Messages { get; } = new InMemoryMessageStore();
    internal override IAuditStore Audits { get; } = Trails;
    internal override IMediatorNotesStore Notes { get; } = new InMemoryMediatorNotesStore();
    internal override IDocumentStore Documents { get; } = new InMemoryDocumentStore();
}
