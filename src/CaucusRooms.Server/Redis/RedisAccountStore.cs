using CaucusRooms.Server.Accounts;
using StackExchange.Redis;

namespace CaucusRooms.Server.Redis;

internal sealed class RedisAccountStore(IConnectionMultiplexer redis) : IAccountStore
{
    // Adds the account only if its user name is free, with its id index, in one step.
    private const string AddScript = """
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        redis.call('SET', KEYS[1], ARGV[1])
        redis.call('SET', KEYS[2], ARGV[2])
        redis.call('SADD', KEYS[3], ARGV[2])
        return 1
        """;

    private IDatabase Db => redis.GetDatabase();

    public async Task<Account?> FindByUserNameAsync(string userName, CancellationToken ct = default)
    {
        var json = await Db.StringGetAsync(RedisKeys.Account(userName));
        return json.IsNull ? null : RedisJson.Read<Account>(json.ToString());
    }

    public async Task<Account?> FindByIdAsync(string id, CancellationToken ct = default)
    {
        var userName = await Db.StringGetAsync(RedisKeys.AccountById(id));
        return userName.IsNull ? null : await FindByUserNameAsync(userName.ToString(), ct);
    }

    public async Task<bool> TryAddAsync(Account account, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        var added = await Db.ScriptEvaluateAsync(AddScript,
            [RedisKeys.Account(account.UserName), RedisKeys.AccountById(account.Id), RedisKeys.Accounts],
            [RedisJson.Write(account), account.UserName]);
        return (int)added == 1;
    }

    public async Task<int> CountAsync(CancellationToken ct = default) => (int)await Db.SetLengthAsync(RedisKeys.Accounts);
}
