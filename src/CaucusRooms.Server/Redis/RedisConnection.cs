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

    /// <summary>The client name of the node's liveness connection (<see cref="NodeLiveness"/>), as <c>CLIENT LIST</c> shows it.</summary>
    public const string LivenessClientName = "caucusrooms-liveness";

    /// <summary>As <see cref="Options"/>, for the connection that carries nothing but the node's heartbeat.</summary>
    public static ConfigurationOptions LivenessOptions(string connectionString)
    {
        var options = Options(connectionString);
        options.ClientName = LivenessClientName;
        return options;
    }
}

/// <summary>
/// The node's own connection to Redis for its heartbeat alone. On the shared connection the heartbeat's write queued
/// behind the node's whole traffic: an overloaded node answered its sends seconds late, its beat landed later than the
/// liveness key's time to live, the other nodes took it for dead and dropped its registry entries, and it closed every
/// one of its connections (measured in the benchmark's sweep: 1,200 connections closed at 1.5 msg/person/s; after that
/// every send of theirs failed). A connection of its own carries one command every two seconds and answers at once.
/// </summary>
internal sealed class NodeLiveness(IConnectionMultiplexer connection) : IDisposable
{
    public IDatabase Db => connection.GetDatabase();

    public void Dispose() => connection.Dispose();
}

/// <summary>This process among the nodes: a random id for its lifetime.</summary>
internal sealed class NodeIdentity
{
    public string Id { get; } = Guid.NewGuid().ToString("N");
}
