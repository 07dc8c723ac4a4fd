using System.Diagnostics.CodeAnalysis;
using Xunit.Sdk;

namespace CaucusRooms.Redis.Tests.Nodes;

/// <summary>
/// One redis-server and two server processes on it, shared by a test collection (or a class) and ended by the runner;
/// redis-server's failures go to the runner's diagnostic output.
/// </summary>
[SuppressMessage("Reliability", "CA1001", Justification = "The runner ends the server through IAsyncLifetime.DisposeAsync; tests get a handle that cannot.")]
public sealed class TwoNodes(IMessageSink diagnostics) : IAsyncLifetime
{
    private readonly RedisServer _redis = new(line => diagnostics.OnMessage(new DiagnosticMessage(line)));

    /// <summary>The redis-server both nodes use: a test may stop, pause and start it, not end it.</summary>
    public IRedisServer Redis => _redis;

    public ServerNode Node1 { get; private set; } = null!;

    public ServerNode Node2 { get; private set; } = null!;

    /// <summary>
    /// Every test class of the collection signs its people in on these two nodes from 127.0.0.1, dozens within a minute:
    /// the per-address sign-in limit (30 a minute by default) is raised here, and tested on hosts of its own
    /// (Server.Tests' SignInFloodTests; LocalTopologyTests through nginx).
    /// </summary>
    private static readonly IReadOnlyDictionary<string, string> SharedBySignIns = new Dictionary<string, string> { ["RateLimits:SignInPerMinute"] = "100000" };

    public async Task InitializeAsync()
    {
        await Redis.StartAsync();
        var nodes = await Task.WhenAll(ServerNode.StartAsync(Redis.ConnectionString, SharedBySignIns), ServerNode.StartAsync(Redis.ConnectionString, SharedBySignIns));
        (Node1, Node2) = (nodes[0], nodes[1]);
    }

    /// <summary>The mediator of <paramref name="m"/> (opened on node 1) in a second tab, on node 2: the same account's cookies.</summary>
    public async Task<Person> MediatorOnNode2Async(Mediation m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var mediator = new Person(Node2, "Mediator (node 2)");
        mediator.CopyCookiesFrom(m.Mediator, Node1.BaseAddress);
        mediator.CopyCookiesFrom(m.Mediator, Node2.BaseAddress);
        await mediator.OpenTabAsync(m.SessionId, Node2.BaseAddress);
        return mediator;
    }

    /// <summary>A session whose mediator is on node 1 and whose party (Alex, in the joint room) is on node 2, one message delivered across.</summary>
    public async Task<(Mediation Session, Person Party)> SessionOnBothNodesAsync()
    {
        var m = await Mediation.OpenAsync(Node1);
        var alex = await m.InviteToLobbyAsync("Alex", "Party", "Claimant", Node2);
        await m.AdmitAsync(alex, m.Joint);
        await m.MediatorTab.SendAsync(m.Joint, "across nodes");
        await alex.Tab.WaitForMessageAsync("across nodes");
        return (m, alex);
    }

    /// <summary>Both nodes' output, for a failure message.</summary>
    public string Output => $"--- node 1 ---\n{Node1.Output}\n--- node 2 ---\n{Node2.Output}";

    public async Task DisposeAsync()
    {
        if (Environment.GetEnvironmentVariable("CAUCUS_NODE_LOG") is { Length: > 0 } log) await File.WriteAllTextAsync(log, Output);
        if (Node1 is not null) await Node1.DisposeAsync();
        if (Node2 is not null) await Node2.DisposeAsync();
        await _redis.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class TwoNodesTestGroup : ICollectionFixture<TwoNodes>
{
    public const string Name = "two nodes";
}
