using CaucusRooms.Domain;
using CaucusRooms.Server.Connections;
using Microsoft.AspNetCore.SignalR;

namespace CaucusRooms.Server.Tests.Connections;

/// <summary>
/// A person's group name is remembered instead of made on every send: it must still be that person's own name, for
/// every reader of a message, however many names were made before it and after the memory started afresh.
/// </summary>
public sealed class GroupNamesTests
{
    [Fact]
    public void EachPersonIsAddressedByTheirOwnGroupNameEveryTime()
    {
        var (first, second) = (ParticipantId.New(), ParticipantId.New());

        Assert.Equal($"person:{first.Value:N}", GroupNames.Person(first));
        Assert.Equal($"person:{second.Value:N}", GroupNames.Person(second));
        Assert.Same(GroupNames.Person(first), GroupNames.Person(first));
        // More people than are remembered: the memory starts afresh, and every name is still its person's.
        for (var i = 0; i <= GroupNames.MaxRemembered; i++) GroupNames.Person(ParticipantId.New());
        Assert.Equal($"person:{first.Value:N}", GroupNames.Person(first));
        Assert.Equal($"person:{second.Value:N}", GroupNames.Person(second));
    }

    [Fact]
    public void AMessageIsAddressedToTheGroupOfEachOfItsReadersAndNoOther()
    {
        var readers = new[] { ParticipantId.New(), ParticipantId.New(), ParticipantId.New() };
        var clients = new AddressBook();
        GroupNames.Person(readers[1]);

        clients.People(readers);
        clients.People(readers.Take(2).Select(r => r));

        Assert.Equal([.. readers.Select(r => $"person:{r.Value:N}")], clients.Addressed[0]);
        Assert.Equal([.. readers.Take(2).Select(r => $"person:{r.Value:N}")], clients.Addressed[1]);
    }

    /// <summary>Records the group names each send is addressed to.</summary>
    private sealed class AddressBook : IHubClients<ISessionClient>
    {
        public List<string[]> Addressed { get; } = [];

        public ISessionClient All => throw new NotSupportedException();

        public ISessionClient AllExcept(IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();

        public ISessionClient Client(string connectionId) => throw new NotSupportedException();

        public ISessionClient Clients(IReadOnlyList<string> connectionIds) => throw new NotSupportedException();

        public ISessionClient Group(string groupName) => throw new NotSupportedException();

        public ISessionClient GroupExcept(string groupName, IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();

        public ISessionClient Groups(IReadOnlyList<string> groupNames)
        {
            Addressed.Add([.. groupNames]);
            return null!;
        }

        public ISessionClient User(string userId) => throw new NotSupportedException();

        public ISessionClient Users(IReadOnlyList<string> userIds) => throw new NotSupportedException();
    }
}
