using System.Text;
using StackExchange.Redis;

namespace CaucusRooms.Redis.Tests.Nodes;

/// <summary>While a session is live, no message text is readable anywhere in Redis.</summary>
[Collection(TwoNodesTestGroup.Name)]
public sealed class CanaryTests(TwoNodes nodes)
{
    [Fact]
    public async Task NoCanaryMessageTextAppearsInPlainTextInAnyRedisKeyOrValueWhileTheSessionIsLive()
    {
        await using var m = await Mediation.OpenAsync(nodes.Node1);
        var a = await m.InviteAsync("Alex", "Party", "Claimant", nodes.Node2);
        var b = await m.InviteAsync("Blake", "Party", "Respondent", nodes.Node1);
        await m.AdmitAsync(a, m.ClaimantCaucus);
        await m.AdmitAsync(b, m.Joint);
        var canaries = new List<string>();
        foreach (var (sender, room) in new[] { (a, m.ClaimantCaucus), (m.Mediator, m.ClaimantCaucus), (b, m.Joint), (m.Mediator, m.Joint), (m.Mediator, m.MediatorsRoom) })
        {
            var canary = $"CANARY{Guid.NewGuid():N} our bottom line is 250000";
            await sender.SendAsync(room, canary);
            canaries.Add(canary);
        }
        // The texts were stored: readable through the service, by those entitled.
        var caucus = await a.HistoryAsync(m.ClaimantCaucus, 0);
        Assert.Equal(canaries.Take(2), caucus.Select(x => x.Text));

        var options = new ConfigurationOptions { AllowAdmin = true };
        options.EndPoints.Add(System.Net.IPAddress.Loopback, nodes.Redis.Port);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(options).WaitAsync(Person.Timeout);
        var dump = await DumpAsync(redis);

        Assert.True(dump.Keys > 10, $"Only {dump.Keys} keys in Redis: the scan cannot be right.");
        Assert.Contains(":messages", dump.Text.ToString(), StringComparison.Ordinal);
        foreach (var canary in canaries)
        {
            Assert.DoesNotContain(canary[..38], dump.Text.ToString(), StringComparison.Ordinal);
        }
        Assert.DoesNotContain("bottom line", dump.Text.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Every key name and every value of every key, as text.</summary>
    private static async Task<(int Keys, StringBuilder Text)> DumpAsync(ConnectionMultiplexer redis)
    {
        var server = redis.GetServers().Single();
        var db = redis.GetDatabase();
        var text = new StringBuilder();
        var keys = 0;
        // Bounded: a test Redis holds a few hundred keys at most.
        await foreach (var key in server.KeysAsync(pattern: "*", pageSize: 500).Take(100_000))
        {
            keys++;
            text.AppendLine(key.ToString());
            var type = await db.KeyTypeAsync(key);
            IEnumerable<RedisValue> values = type switch
            {
                RedisType.String => [await db.StringGetAsync(key)],
                RedisType.Hash => (await db.HashGetAllAsync(key)).SelectMany(e => new[] { e.Name, e.Value }),
                RedisType.List => await db.ListRangeAsync(key),
                RedisType.Set => await db.SetMembersAsync(key),
                RedisType.SortedSet => await db.SortedSetRangeByRankAsync(key),
                _ => [],
            };
            foreach (var value in values) text.AppendLine(Encoding.UTF8.GetString((byte[])value!)).AppendLine(Encoding.Latin1.GetString((byte[])value!));
        }
        return (keys, text);
    }
}
