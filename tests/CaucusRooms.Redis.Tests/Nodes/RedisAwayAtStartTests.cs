namespace CaucusRooms.Redis.Tests.Nodes;

/// <summary>A node started while redis-server is not there yet (a restart of the whole deployment in the wrong order).</summary>
public sealed class RedisAwayAtStartTests
{
    [Fact]
    public async Task ANodeStartedWhileRedisIsAwayStartsNotReadyAndServesOnceRedisAnswers()
    {
        await using var redis = new RedisServer();
        await using var node = await ServerNode.StartAsync(redis.ConnectionString, upPath: "healthz");
        Assert.False(await node.IsReadyAsync(), "/readyz said ready with Redis away.");

        await redis.StartAsync();
        await node.WaitUntilReadyAsync();

        // Ready means the configured mediator account exists: sign in, open a session, join its hub, send.
        await using var m = await Mediation.OpenAsync(node);
        Assert.Equal(1, (await m.MediatorTab.SendAsync(m.Joint, "after Redis came up")).Seq);
        Assert.False(node.HasExited);
    }
}
