using System.Security.Cryptography;
using CaucusRooms.Server.Infrastructure;
using Microsoft.AspNetCore.Identity;

namespace CaucusRooms.Server.Accounts;

/// <summary>Accounts named in configuration: <c>Bootstrap:Accounts:0:UserName</c>, <c>…:Password</c>, <c>…:Role</c>.</summary>
internal sealed class BootstrapOptions
{
    public List<BootstrapAccount> Accounts { get; } = [];
}

internal sealed class BootstrapAccount
{
    public string UserName { get; set; } = "";
    public string Password { get; set; } = "";
    public string Role { get; set; } = AccountRoles.Mediator;
}

/// <summary>
/// On start, creates the configured accounts that are absent. With none configured and
/// none stored, creates an admin and a mediator with random passwords and prints them once.
/// </summary>
internal sealed class AccountBootstrap(
    IAccountStore accounts,
    IPasswordHasher<Account> hasher,
    Microsoft.Extensions.Options.IOptions<BootstrapOptions> options,
    ILogger<AccountBootstrap> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var configured in options.Value.Accounts)
        {
            if (string.IsNullOrWhiteSpace(configured.UserName) || string.IsNullOrEmpty(configured.Password) || !AccountRoles.IsKnown(configured.Role))
                throw new InvalidOperationException($"Bootstrap account '{configured.UserName}' needs a user name, a password and a role ({AccountRoles.Mediator} or {AccountRoles.Admin}).");
            if (await accounts.TryAddAsync(NewAccount(configured.UserName, configured.Password, configured.Role), cancellationToken))
                Log.ConfiguredAccountCreated(logger, configured.UserName);
        }

        if (await accounts.CountAsync(cancellationToken) > 0) return;
        foreach (var (userName, role) in new[] { ("admin", AccountRoles.Admin), ("mediator", AccountRoles.Mediator) })
        {
            var password = RandomPassword();
            if (!await accounts.TryAddAsync(NewAccount(userName, password, role), cancellationToken)) continue;
            Log.BootstrapAccountCreated(logger, userName, role);
            // The only place a password is ever shown: once, on the operator's console.
            Console.WriteLine($"CaucusRooms first start: {role} account '{userName}', password '{password}'");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private Account NewAccount(string userName, string password, string role)
    {
        var account = new Account(Guid.NewGuid().ToString("N"), userName.Trim(), "", role);
        return account with { PasswordHash = hasher.HashPassword(account, password) };
    }

    private static string RandomPassword() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', 'x').Replace('/', 'y');
}
