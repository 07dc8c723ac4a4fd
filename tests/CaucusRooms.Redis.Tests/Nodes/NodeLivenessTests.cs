using StackExchange.Redis;

namespace CaucusRooms.Redis.Tests.Nodes;

/// <summary>
/// A node's heartbeat goes on a Redis connection of its own that carries nothing else, so a node busy with its sends,
/// whose shared connection answers seconds late, still beats in time and is not taken for dead (which would close all
/// of its connections). Judged on what the real redis-server ran (<c>MONITOR</c>) and who ran it (<c>CLIENT LIST</c>).
/// </summary>
[Collection(TwoNodesTestGroup.Name)]
public sealed class NodeLivenessTests(TwoNodes nodes)
{
    [Fact]
    public async Task EachNodesHeartbeatGoesOnALivenessConnectionThatCarriesNothingElse()
    {
        var admin = ConfigurationOptions.Parse(nodes.Redis.ConnectionString);
        admin.AllowAdmin = true; // CLIENT LIST
        using var redis = await ConnectionMultiplexer.ConnectAsync(admin);
        await using var monitor = await RedisMonitor.StartAsync(nodes.Redis.Port);
        // Traffic on the shared connections meanwhile: a send read by someone on the other node.
        await using var m = await Mediation.OpenAsync(nodes.Node1);
        var alex = await m.InviteToLobbyAsync("Alex", "Party", "Claimant", nodes.Node2);
        await m.AdmitAsync(alex, m.Joint);
        await m.MediatorTab.SendAsync(m.Joint, "said while the nodes beat");
        await alex.Tab.WaitForMessageAsync("said while the nodes beat");
        var beatKey = RedisKeys.Node("").ToString();
        // Both nodes have beaten at least once since the monitor started (every 2 s).
        await Eventually.TrueAsync(() => Beats(monitor.Seen, beatKey).Select(Client).Distinct().Count() >= 2, TimeSpan.FromSeconds(15), "a beat of each node");
        var commands = await monitor.UntilAsync(redis.GetDatabase());

        var names = (await redis.GetServer(redis.GetEndPoints()[0]).ClientListAsync())
            .ToDictionary(c => c.Address!.ToString()!, c => c.Name ?? "", StringComparer.Ordinal);
        var beaters = Beats(commands, beatKey).Select(Client).Distinct().ToList();
        Assert.All(beaters, b => Assert.Equal("caucusrooms-liveness", names.GetValueOrDefault(b)));
        // The liveness connections ran the beats and nothing else of the node's (the client library's keep-alive aside).
        var others = commands.Where(c => names.GetValueOrDefault(Client(c)) == "caucusrooms-liveness" && !IsBeat(c, beatKey) && !IsKeepAlive(c)).ToList();
        Assert.True(others.Count == 0, $"the liveness connections also ran:\n{string.Join('\n', others)}");
        // The send of the same seconds went on the shared connection.
        Assert.Contains(commands, c => c.Contains("\"PUBLISH\"", StringComparison.OrdinalIgnoreCase) && c.Contains("said while the nodes beat", StringComparison.Ordinal)
            && names.GetValueOrDefault(Client(c)) == "caucusrooms");
    }

    private static IEnumerable<string> Beats(IEnumerable<string> commands, string beatKey) => commands.Where(c => IsBeat(c, beatKey));

    private static bool IsBeat(string command, string beatKey) =>
        command.Contains("\"SET\"", StringComparison.OrdinalIgnoreCase) && command.Contains($"\"{beatKey}", StringComparison.Ordinal);

    private static bool IsKeepAlive(string command) =>
        command.Contains("\"PING\"", StringComparison.OrdinalIgnoreCase) || command.Contains("\"ECHO\"", StringComparison.OrdinalIgnoreCase);

    /// <summary>The client address in a <c>MONITOR</c> line: <c>1700000000.123456 [0 127.0.0.1:51234] "SET" …</c>.</summary>
    private static string Client(string command)
    {
        var open = command.IndexOf('[', StringComparison.Ordinal);
        var close = command.IndexOf(']', open + 1);
        return open < 0 || close < 0 ? "" : command[(command.IndexOf(' ', open) + 1)..close];
    }
}
