using Microsoft.AspNetCore.SignalR.Client;

namespace CaucusRooms.Server.Tests.Accounts;

/// <summary>A server whose sign-ins last three seconds.</summary>
public sealed class ShortSignInServer : ServerFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } =
        TestSettings.Accounts().Set("Auth:SignInLifetime", "00:00:03").ToDictionary();
}

public sealed class SignInExpiryTests(ShortSignInServer server) : IClassFixture<ShortSignInServer>
{
    [Fact]
    public async Task HubConnectionsCloseWhenTheSignInExpires()
    {
        await using var m = await Mediation.OpenAsync(server);
        Assert.Equal(HubConnectionState.Connected, m.MediatorTab.Connection.State);

        var state = await Eventually.ValueAsync(() => Task.FromResult(m.MediatorTab.Connection.State), s => s == HubConnectionState.Disconnected, TimeSpan.FromSeconds(15));

        Assert.Equal(HubConnectionState.Disconnected, state);
    }
}
