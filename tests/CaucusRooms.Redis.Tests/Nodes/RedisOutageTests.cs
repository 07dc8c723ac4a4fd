using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace CaucusRooms.Redis.Tests.Nodes;

/// <summary>Redis goes away for a few seconds mid-conversation and comes back; the nodes are not restarted.</summary>
public sealed class RedisOutageTests(TwoNodes nodes, ITestOutputHelper output) : IClassFixture<TwoNodes>
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task EverySendDuringAnOutageIsEitherAckedAndKeptOrRefusedAndTheServiceRecoversByItself()
    {
        await using var m = await Mediation.OpenAsync(nodes.Node1);
        var a = await m.InviteToLobbyAsync("Alex", "Party", "Claimant", nodes.Node2);
        await m.AdmitAsync(a, m.ClaimantCaucus);

        var sends = new List<Send>();
        var clock = Stopwatch.StartNew();
        TimeSpan? stoppedAt = null, restartedAt = null, firstAckAfterRestart = null;
        var unready = (Node1: false, Node2: false);
        // Bounded: at most 400 sends and 60 s.
        for (var i = 0; i < 400 && clock.Elapsed < TimeSpan.FromSeconds(60); i++)
        {
            if (i == 10)
            {
                await nodes.Redis.StopAsync();
                stoppedAt = clock.Elapsed;
            }
            if (stoppedAt is { } s && restartedAt is null)
            {
                unready = (unready.Node1 || !await nodes.Node1.IsReadyAsync(), unready.Node2 || !await nodes.Node2.IsReadyAsync());
                if (clock.Elapsed - s >= Outage)
                {
                    await nodes.Redis.StartAsync();
                    restartedAt = clock.Elapsed;
                }
            }

            var send = new Send($"cid-{i}", $"message {i} {Guid.NewGuid():N}");
            try
            {
                if (a.Tab.Connection.State != HubConnectionState.Connected) await a.ReopenTabAsync(m.SessionId, nodes.Node2.BaseAddress);
                send.Ack = await a.Tab.SendAsync(m.ClaimantCaucus, send.Text, send.ClientMessageId);
                if (restartedAt is not null) firstAckAfterRestart ??= clock.Elapsed - restartedAt;
            }
            catch (Exception e) when (e is HubException or InvalidOperationException or TimeoutException or OperationCanceledException or HttpRequestException)
            {
                send.Error = $"{e.GetType().Name}: {e.Message}";
            }
            sends.Add(send);
            if (restartedAt is not null && sends.Skip(sends.FindLastIndex(x => x.Error is not null) + 1).Count() >= 5) break;
            await Task.Delay(100);
        }

        Assert.NotNull(restartedAt);
        Assert.True(unready.Node1 && unready.Node2, $"/readyz stayed healthy during the outage (node 1 unready: {unready.Node1}, node 2: {unready.Node2}).");
        var refused = sends.Where(x => x.Error is not null).ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, x => Assert.Contains("Unavailable", x.Error, StringComparison.Ordinal));
        Assert.True(sends.TakeLast(5).All(x => x.Ack is not null), "The service did not recover: " + string.Join("; ", sends.TakeLast(5).Select(x => x.Error)));
        await nodes.Node1.WaitUntilReadyAsync();
        await nodes.Node2.WaitUntilReadyAsync();

        // None acked and lost: every acked send is in the history, with its seq, exactly once.
        var history = await ReadAllAsync(m.Mediator, m.ClaimantCaucus);
        foreach (var acked in sends.Where(x => x.Ack is not null))
            Assert.Equal(acked.Ack!.Seq, Assert.Single(history, h => h.Text == acked.Text).Seq);

        // The client keeps its drafts and retries them with the same ids: each lands exactly once.
        foreach (var retry in refused) retry.Ack = await a.Tab.SendAsync(m.ClaimantCaucus, retry.Text, retry.ClientMessageId);
        history = await ReadAllAsync(m.Mediator, m.ClaimantCaucus);
        Assert.Equal(sends.Select(x => x.Text).Order(), history.Select(h => h.Text).Order());
        Assert.Equal(Enumerable.Range(1, history.Count).Select(i => (long)i), history.Select(h => h.Seq));

        output.WriteLine($"{sends.Count} sends, {refused.Count} refused during a {Outage.TotalSeconds:0} s outage; " +
            $"first ack {firstAckAfterRestart?.TotalMilliseconds:0} ms after redis-server was back; errors: {string.Join(" | ", refused.Select(x => x.Error).Distinct())}");
    }

    private static async Task<IReadOnlyList<MessageDto>> ReadAllAsync(Person reader, string room)
    {
        var all = new List<MessageDto>();
        // Bounded: at most 10 pages of 200.
        for (var page = 0; page < 10; page++)
        {
            var next = await reader.Tab.Hub.GetHistory(room, all.Count == 0 ? 0 : all[^1].Seq);
            if (next.Count == 0) break;
            all.AddRange(next);
        }
        return all;
    }

    private sealed class Send(string clientMessageId, string text)
    {
        public string ClientMessageId { get; } = clientMessageId;
        public string Text { get; } = text;
        public SendAck? Ack { get; set; }
        public string? Error { get; set; }
    }
}
