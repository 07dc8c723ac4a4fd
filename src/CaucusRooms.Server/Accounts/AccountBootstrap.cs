using System.Security.Cryptography;
using CaucusRooms.Server.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CaucusRooms.Server.Accounts;

/// <summary>
/// On start, creates the configured accounts that are absent. With none configured and
/// none stored, creates an admin and a mediator with random passwords and prints them once.
/// A configuration error stops the start; shared storage (Redis) that cannot be reached does
/// not: the node starts (not ready), and the accounts are created as soon as Redis answers.
/// </summary>
internal sealed class AccountBootstrap(
    IAccountStore accounts,
    IPasswordHasher<Account> hasher,
    Microsoft.Extensions.Options.IOptions<BootstrapOptions> options,
    TimeProvider clock,
    ILogger<AccountBootstrap> logger) : BackgroundService
{
    private static readonly LoopTiming Retry = new(TimeSpan.Zero, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1));

    private volatile bool _done;

    /// <summary>The configured (or first-start) accounts exist in the store.</summary>
    public bool IsDone => _done;

    /// <summary>Done before the node serves anyone whenever the store answers, so a sign-in right after start finds the accounts.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await CreateAccountsAsync(cancellationToken);
            _done = true;
        }
        catch (Exception e) when (StoreOutage.IsOutage(e))
        {
            Log.BackgroundWorkFailed(logger, "account bootstrap", 1, Retry.RetryAfter(1), e);
        }
        await base.StartAsync(cancellationToken);
    }

    /// <summary>Only when the start found the store away: tries again, backing off from 1 s to 30 s, until done.</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var failures = 1; !_done; failures++)
        {
            await Task.Delay(Retry.RetryAfter(failures), clock, stoppingToken);
            try
            {
                await CreateAccountsAsync(stoppingToken);
                _done = true;
                Log.BackgroundWorkRecovered(logger, "account bootstrap", failures);
            }
            catch (Exception e) when (StoreOutage.IsOutage(e) && !stoppingToken.IsCancellationRequested)
            {
                Log.BackgroundWorkFailed(logger, "account bootstrap", failures + 1, Retry.RetryAfter(failures + 1), e);
            }
        }
    }

    private async Task CreateAccountsAsync(CancellationToken cancellationToken)
    {
        foreach (var configured in options.Value.Accounts)
        {
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

    private Account NewAccount(string userName, string password, string role)
    {
        var account = new Account(Guid.NewGuid().ToString("N"), userName.Trim(), "", role);
        return account with { PasswordHash = hasher.HashPassword(account, password) };
    }

    private static string RandomPassword() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', 'x').Replace('/', 'y');
}

/// <summary>A node is not ready until its bootstrap accounts exist, so a sign-in on a ready node finds them.</summary>
internal sealed class AccountBootstrapCheck(AccountBootstrap bootstrap) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(bootstrap.IsDone
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The bootstrap accounts are not created yet: shared storage was unreachable at start."));
}
