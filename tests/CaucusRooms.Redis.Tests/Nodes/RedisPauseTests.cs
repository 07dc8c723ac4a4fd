using Microsoft.AspNetCore.SignalR.Client;
using StackExchange.Redis;

namespace CaucusRooms.Redis.Tests.Nodes;

/// <summary>
/// redis-server freezes (SIGSTOP) for longer than the client's command timeout and the nodes'
/// heartbeat lifetime, then goes on (SIGCONT). Every Redis call meanwhile fails with a
/// <see cref="RedisTimeoutException"/> (a <see cref="TimeoutException"/>, not a <see cref="RedisException"/>);
/// no background service may let that stop its host.
/// </summary>
public sealed class RedisPauseTests(TwoNodes nodes, ITestOutputHelper output) : IClassFixture<TwoNodes>
{
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ARedisPauseOfTenSecondsLeavesBothNodesServing()
    {
        await using var m = await Mediation.OpenAsync(nodes.Node1);
        var alex = await m.InviteToLobbyAsync("Alex", "Party", "Claimant", nodes.Node2);
        await m.AdmitAsync(alex, m.Joint);

        var clock = Stopwatch.StartNew();
        await nodes.Redis.PauseAsync();
        var alive = (Node1: 0, Node2: 0);
        try
        {
            // Bounded: the pause lasts 10 s, probed every 500 ms.
            while (clock.Elapsed < Pause)
            {
                alive = (alive.Node1 + (await nodes.Node1.AnswersOkAsync("healthz") ? 1 : 0), alive.Node2 + (await nodes.Node2.AnswersOkAsync("healthz") ? 1 : 0));
                await Task.Delay(500);
            }
        }
        finally
        {
            await nodes.Redis.ResumeAsync();
        }
        var resumedAt = clock.Elapsed;

        Assert.False(nodes.Node1.HasExited, "Node 1 stopped during the pause:\n" + nodes.Output);
        Assert.False(nodes.Node2.HasExited, "Node 2 stopped during the pause:\n" + nodes.Output);
        await nodes.Node1.WaitUntilReadyAsync();
        await nodes.Node2.WaitUntilReadyAsync();
        await WaitUntilBothNodesBeatAgainAsync();
        var readyAfter = clock.Elapsed - resumedAt;

        // A node whose heartbeat lapsed closes its connections so they come back with fresh
        // entitlements: a client that finds its connection closed reconnects, as the real client does.
        var reconnected = (Mediator: await EnsureConnectedAsync(m.Mediator, nodes.Node1, m.SessionId), Alex: await EnsureConnectedAsync(alex, nodes.Node2, m.SessionId));

        await m.MediatorTab.Hub.Move(alex.ParticipantId, m.ClaimantCaucus);
        Assert.Equal(m.ClaimantCaucus, (await alex.Tab.Hub.GetState()).RoomId);
        var fromAlex = $"after the pause, from node 2 {Guid.NewGuid():N}";
        var fromMediator = $"after the pause, from node 1 {Guid.NewGuid():N}";
        await alex.Tab.SendAsync(m.ClaimantCaucus, fromAlex);
        await m.MediatorTab.SendAsync(m.ClaimantCaucus, fromMediator);
        await m.MediatorTab.WaitForMessageAsync(fromAlex);
        await alex.Tab.WaitForMessageAsync(fromMediator);

        Assert.False(nodes.Node1.HasExited || nodes.Node2.HasExited, "A node stopped after the pause:\n" + nodes.Output);
        output.WriteLine($"/healthz answered 200 during the {Pause.TotalSeconds:0} s pause: node 1 {alive.Node1}, node 2 {alive.Node2} times; " +
            $"both nodes ready and beating {readyAfter.TotalMilliseconds:0} ms after redis-server went on; " +
            $"had to reconnect: mediator {reconnected.Mediator}, Alex {reconnected.Alex}.");
    }

    /// <summary>True when the person's connection had been closed and they connected again.</summary>
    private static async Task<bool> EnsureConnectedAsync(Person person, ServerNode node, string sessionId)
    {
        if (person.Tabs.Count > 0 && person.Tab.Connection.State == HubConnectionState.Connected)
        {
            try
            {
                await person.Tab.Hub.GetState();
                return false;
            }
            catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or Microsoft.AspNetCore.SignalR.HubException)
            {
                // Closed by the node (its heartbeat had lapsed): reconnect below.
            }
        }
        await person.ReopenTabAsync(sessionId, node.BaseAddress);
        return true;
    }

    /// <summary>Both nodes' liveness keys are back: each node has had its first beat after the pause (and closed its connections if it had lapsed).</summary>
    private async Task WaitUntilBothNodesBeatAgainAsync()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(nodes.Redis.ConnectionString).WaitAsync(TimeSpan.FromSeconds(10));
        var server = redis.GetServer(redis.GetEndPoints().Single());
        var pattern = RedisKeys.Node("*").ToString();
        await Eventually.TrueAsync(() => server.Keys(pattern: pattern).Count() >= 2, TimeSpan.FromSeconds(20),
            "both nodes' heartbeats to come back:\n" + nodes.Output, TimeSpan.FromMilliseconds(200));
    }
}
