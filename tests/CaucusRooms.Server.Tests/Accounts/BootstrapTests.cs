using CaucusRooms.Server.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace CaucusRooms.Server.Tests.Accounts;

/// <summary>A server started with no accounts configured at all.</summary>
public sealed class BootstrapTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task TheFirstStartWithNoAccountsCreatesAnAdminAndAMediatorWithHashedRandomPasswords()
    {
        var accounts = server.Services.GetRequiredService<IAccountStore>();

        var admin = await accounts.FindByUserNameAsync("admin");
        var mediator = await accounts.FindByUserNameAsync("mediator");

        Assert.Equal(AccountRoles.Admin, admin?.Role);
        Assert.Equal(AccountRoles.Mediator, mediator?.Role);
        // A standard Identity hash (format marker 0x01, PBKDF2), never the password itself.
        Assert.Equal(1, Convert.FromBase64String(admin!.PasswordHash)[0]);
        Assert.NotEqual(admin.PasswordHash, mediator!.PasswordHash);
    }
}
