namespace CaucusRooms.Server.Accounts;

/// <summary>The two kinds of accounts. Parties, advisors and invited co-mediators have no account: an invite signs them in.</summary>
internal static class AccountRoles
{
    public const string Mediator = "Mediator";
    public const string Admin = "Admin";

    public static bool IsKnown(string? role) => role is Mediator or Admin;
}

/// <summary>A mediator's or admin's account. The password is kept only as a standard hash.</summary>
internal sealed record Account(string Id, string UserName, string PasswordHash, string Role);

/// <summary>Where accounts live: in memory by default, in Redis when configured.</summary>
internal interface IAccountStore
{
    Task<Account?> FindByUserNameAsync(string userName, CancellationToken ct = default);

    Task<Account?> FindByIdAsync(string id, CancellationToken ct = default);

    /// <summary>Adds the account unless one with that user name exists; true when added.</summary>
    Task<bool> TryAddAsync(Account account, CancellationToken ct = default);

    Task<int> CountAsync(CancellationToken ct = default);
}

internal sealed class InMemoryAccountStore : IAccountStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Account> _byUserName = new(StringComparer.OrdinalIgnoreCase);

    public Task<Account?> FindByUserNameAsync(string userName, CancellationToken ct = default)
    {
        lock (_gate) return Task.FromResult(_byUserName.GetValueOrDefault(userName));
    }

    public Task<Account?> FindByIdAsync(string id, CancellationToken ct = default)
    {
        lock (_gate) return Task.FromResult(_byUserName.Values.FirstOrDefault(a => a.Id == id));
    }

    public Task<bool> TryAddAsync(Account account, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        lock (_gate) return Task.FromResult(_byUserName.TryAdd(account.UserName, account));
    }

    public Task<int> CountAsync(CancellationToken ct = default)
    {
        lock (_gate) return Task.FromResult(_byUserName.Count);
    }
}
