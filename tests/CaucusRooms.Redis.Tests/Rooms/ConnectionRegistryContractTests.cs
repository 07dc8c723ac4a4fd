using CaucusRooms.Server.Connections;

namespace CaucusRooms.Redis.Tests.Rooms;

/// <summary>What every connection registry must do, written once; each implementation runs it through a short subclass.</summary>
public abstract class ConnectionRegistryContractTests
{
    internal abstract IConnectionRegistry Registry { get; }

    [Fact]
    public async Task AnAddedConnectionIsListedInItsSessionOnlyAndItsPersonIsOnline()
    {
        var (session, other, person) = (SessionId.New(), SessionId.New(), ParticipantId.New());
        var connection = Connection(session, person);

        await Registry.AddAsync(connection);

        Assert.Equal(connection.ConnectionId, Assert.Single(await Registry.InSessionAsync(session)).ConnectionId);
        Assert.Contains(person, await Registry.OnlineAsync(session));
        Assert.Empty(await Registry.InSessionAsync(other));
        Assert.Equal(1, Registry.PerSession()[session]);
    }

    [Fact]
    public async Task ARemovedConnectionIsGoneAndAnUnknownOneIsNull()
    {
        var (session, person) = (SessionId.New(), ParticipantId.New());
        var connection = Connection(session, person);
        await Registry.AddAsync(connection);

        Assert.Same(connection, await Registry.RemoveAsync(connection.ConnectionId));

        Assert.Empty(await Registry.InSessionAsync(session));
        Assert.DoesNotContain(person, await Registry.OnlineAsync(session));
        Assert.Null(await Registry.RemoveAsync(connection.ConnectionId));
    }

    [Fact]
    public async Task AReconnectIsAPersonComingBackWithNoConnectionLeft()
    {
        var (session, person) = (SessionId.New(), ParticipantId.New());
        var first = Connection(session, person);
        var secondTab = Connection(session, person);

        Assert.False(await Registry.AddAsync(first));
        Assert.False(await Registry.AddAsync(secondTab));
        await Registry.RemoveAsync(first.ConnectionId);
        await Registry.RemoveAsync(secondTab.ConnectionId);
        Assert.True(await Registry.AddAsync(Connection(session, person)));
    }

    [Fact]
    public async Task ARemovedConnectionIsNoLongerListedNorItsPersonOnline()
    {
        var (session, person) = (SessionId.New(), ParticipantId.New());
        var connection = Connection(session, person);
        await Registry.AddAsync(connection);

        Assert.Same(connection.ConnectionId, (await Registry.RemoveAsync(connection.ConnectionId))?.ConnectionId);

        Assert.Empty(await Registry.InSessionAsync(session));
        Assert.DoesNotContain(person, await Registry.OnlineAsync(session));
    }

    private static HubConnection Connection(SessionId session, ParticipantId person) => new(Guid.NewGuid().ToString("N"), session, person, null);
}

public sealed class InMemoryConnectionRegistryContractTests : ConnectionRegistryContractTests
{
    internal override IConnectionRegistry Registry { get; } = new ConnectionRegistry();
}
