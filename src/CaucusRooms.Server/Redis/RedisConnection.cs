using StackExchange.Redis;

namespace CaucusRooms.Server.Redis;

/// <summary>How every Redis client of the service connects.</summary>
internal static class RedisConnection
{
    /// <summary>
    /// Never give up at start and reconnect by itself; while Redis is away, commands fail at
    /// once (no backlog) so a send is refused with a clear error instead of waiting and vanishing.
    /// </summary>
    public static ConfigurationOptions Options(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ReconnectRetryPolicy = new LinearRetry(500);
        options.ConnectTimeout = Math.Min(options.ConnectTimeout, 3000);
        options.AsyncTimeout = Math.Min(options.AsyncTimeout, 3000);
        options.SyncTimeout = Math.Min(options.SyncTimeout, 3000);
        options.ClientName ??= "caucusrooms";
        return options;
    }
}

/// <summary>This process among the nodes: a random id for its lifetime.</summary>
internal sealed class NodeIdentity
{
    public string Id { get; } = Guid.NewGuid().ToString("N");
}
