using System.Net;
using System.Text;
using StackExchange.Redis;

namespace CaucusRooms.Redis.Tests.Nodes;

/// <summary>
/// Nothing that names or describes the people or the case is readable anywhere in Redis — not while the session
/// is live, not after it closed — and the mediator's records still read back with every name after close.
/// </summary>
[Collection(TwoNodesTestGroup.Name)]
public sealed class CanaryTests(TwoNodes nodes)
{
    [Fact]
    public async Task NoCanaryOfAnyKindIsInAnyRedisKeyOrValueWhileLiveOrAfterCloseAndTheRecordsStillReadBackWithTheNames()
    {
        var title = Canary("title");
        var (claimant, respondent) = (Canary("side"), Canary("side"));
        var agreement = Canary("agreement") + " Everything said here stays here.";
        var (alex, blake, casey) = (Canary("name"), Canary("name"), Canary("invitename"));
        var (alexTyped, blakeTyped) = (Canary("typedname"), Canary("typedname"));
        var canaries = new List<string> { title, claimant, respondent, agreement, alex, blake, casey, alexTyped, blakeTyped };

        await using var m = await Mediation.OpenAsync(nodes.Node1.BaseAddress, title: title, sides: [claimant, respondent], agreement: agreement);
        var a = await m.InviteToLobbyAsync(alex, "Party", claimant, nodes.Node2, alexTyped);
        var b = await m.InviteToLobbyAsync(blake, "Party", respondent, nodes.Node1, blakeTyped);
        await m.InviteOnlyAsync(casey, "Advisor", claimant);
        await m.AdmitAsync(a, m.ClaimantCaucus);
        await m.AdmitAsync(b, m.Joint);
        foreach (var (sender, room) in new[] { (a, m.ClaimantCaucus), (m.Mediator, m.ClaimantCaucus), (b, m.Joint), (m.Mediator, m.Joint), (m.Mediator, m.MediatorsRoom) })
        {
            var text = Canary("message") + " our bottom line is 250000";
            await sender.Tab.SendAsync(room, text);
            canaries.Add(text);
        }
        await m.MediatorTab.Hub.Move(a.ParticipantId, m.Joint);
        // The texts were stored: readable through the service, by those entitled.
        Assert.Equal(canaries.Skip(9).Take(2), (await a.Tab.Hub.GetHistory(m.ClaimantCaucus, 0)).Select(x => x.Text));

        var options = new ConfigurationOptions { AllowAdmin = true };
        options.EndPoints.Add(IPAddress.Loopback, nodes.Redis.Port);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(options).WaitAsync(Tab.Timeout);
        var session = new SessionId(Guid.Parse(m.SessionId));

        var live = await DumpAsync(redis);
        AssertNoCanary(live, canaries, m.SessionId, "while the session is live");
        Assert.Contains(live, e => e.Key == RedisKeys.SessionDataKey(session).ToString());

        await m.MediatorTab.Hub.CloseSession();
        await WaitForAuditAsync(m, "MessagesPurged");

        // After close and the purge, on the other node: the records read back with every name.
        var http = m.Mediator.BrowserAt(nodes.Node2.BaseAddress);
        var trail = (await http.GetFromJsonAsync<List<AuditEntryDto>>($"api/sessions/{m.SessionId}/audit").WaitAsync(Tab.Timeout))!;
        Assert.Contains(trail, e => e.Kind == "Invited" && e.TargetName == casey && e.Detail == $"Advisor of {claimant}");
        Assert.Contains(trail, e => e.Kind == "AgreementAccepted" && e.ActorName == alex && e.Detail!.Contains(alexTyped, StringComparison.Ordinal));
        Assert.Contains(trail, e => e.Kind == "Admitted" && e.TargetName == alex && e.To == $"Caucus {claimant}");
        Assert.Contains(trail, e => e.Kind == "Moved" && e.TargetName == alex && e.From == $"Caucus {claimant}" && e.To == "Joint");
        var record = (await http.GetFromJsonAsync<AgreementRecordDto>($"api/sessions/{m.SessionId}/agreement/record").WaitAsync(Tab.Timeout))!;
        Assert.Equal((title, agreement), (record.Title, record.AgreementText));
        Assert.Contains(record.Acceptances, x => (x.DisplayName, x.TypedName, x.Side) == (alex, alexTyped, claimant));
        Assert.Contains(record.Acceptances, x => (x.DisplayName, x.TypedName, x.Side) == (blake, blakeTyped, respondent));
        var mine = (await http.GetFromJsonAsync<List<SessionSummaryDto>>("api/sessions").WaitAsync(Tab.Timeout))!;
        Assert.Contains(mine, s => s.SessionId == m.SessionId && s.Title == title && s.IsClosed);

        var closed = await DumpAsync(redis);
        AssertNoCanary(closed, canaries, m.SessionId, "after close");
        Assert.DoesNotContain(closed, e => e.Key == RedisKeys.SessionDataKey(session).ToString());
    }

    [Fact]
    public void TheScanFindsACanaryInPlainHexAndBase64AtEveryAlignment()
    {
        var canary = Canary("probe");
        var bytes = Encoding.UTF8.GetBytes(canary);
        var forms = new List<byte[]> { Encoding.UTF8.GetBytes($"{{\"name\":\"{canary}\"}}"), Encoding.ASCII.GetBytes(Convert.ToHexString(bytes)) };
        for (var offset = 0; offset < 3; offset++)
        {
            var padded = new byte[offset].Concat(bytes).Concat(new byte[] { 7 }).ToArray();
            forms.Add(Encoding.ASCII.GetBytes(Convert.ToBase64String(padded)));
            forms.Add(Encoding.ASCII.GetBytes(Convert.ToBase64String(padded).Replace('+', '-').Replace('/', '_')));
        }

        Assert.All(forms, f => Assert.NotNull(FoundIn(f, canary)));
        Assert.Null(FoundIn(Encoding.UTF8.GetBytes(Canary("probe")), canary));
    }

    private static string Canary(string kind) => $"CANARY{kind}{Guid.NewGuid():N}";

    private static void AssertNoCanary(List<(string Key, byte[] Value)> dump, IEnumerable<string> canaries, string sessionId, string when)
    {
        // The scan did see the session: its id is readable (ids may be), so a miss below is not an empty scan.
        Assert.True(dump.Count > 10, $"Only {dump.Count} values in Redis {when}: the scan cannot be right.");
        Assert.Contains(dump, e => e.Key.Contains(sessionId, StringComparison.Ordinal));
        foreach (var (key, value) in dump)
        {
            foreach (var canary in canaries)
            {
                Assert.True(FoundIn(Encoding.UTF8.GetBytes(key), canary) is null, $"Key {key} names a canary {when}.");
                var form = FoundIn(value, canary);
                Assert.True(form is null, $"A value of {key} holds canary {canary} as {form} {when}.");
            }
        }
        Assert.DoesNotContain(dump, e => FoundIn(e.Value, "bottom line is 250000") is not null);
    }

    /// <summary>The form in which <paramref name="canary"/> is in <paramref name="value"/> (plain UTF-8, hex, base64 or base64url), or null.</summary>
    private static string? FoundIn(byte[] value, string canary)
    {
        var bytes = Encoding.UTF8.GetBytes(canary);
        var forms = new List<(string Form, string Text)>
        {
            ("UTF-8", canary), ("hex", Convert.ToHexString(bytes)), ("hex", Convert.ToHexStringLower(bytes)),
        };
        // In base64 a text's encoding depends on its offset modulo 3: the groups wholly inside it are the same at each offset.
        for (var offset = 0; offset < 3; offset++)
        {
            var encoded = Convert.ToBase64String([.. new byte[offset], .. bytes]);
            var inner = encoded[(offset == 0 ? 0 : 4)..(encoded.Length - 4)];
            forms.Add(("base64", inner));
            forms.Add(("base64url", inner.Replace('+', '-').Replace('/', '_')));
        }
        return forms.FirstOrDefault(f => value.AsSpan().IndexOf(Encoding.UTF8.GetBytes(f.Text)) >= 0).Form;
    }

    /// <summary>Every key of every type, read with SCAN (bounded: a test Redis holds a few thousand keys at most).</summary>
    private static async Task<List<(string Key, byte[] Value)>> DumpAsync(ConnectionMultiplexer redis)
    {
        var db = redis.GetDatabase();
        var dump = new List<(string Key, byte[] Value)>();
        var cursor = "0";
        for (var page = 0; page < 1_000; page++)
        {
            var reply = (RedisResult[])(await db.ExecuteAsync("SCAN", cursor, "COUNT", 500).WaitAsync(Tab.Timeout))!;
            foreach (var key in (RedisKey[])reply[1]!)
            {
                var type = await db.KeyTypeAsync(key).WaitAsync(Tab.Timeout);
                RedisValue[] values = type switch
                {
                    RedisType.String => [await db.StringGetAsync(key).WaitAsync(Tab.Timeout)],
                    RedisType.Hash => [.. (await db.HashGetAllAsync(key).WaitAsync(Tab.Timeout)).SelectMany(e => new[] { e.Name, e.Value })],
                    RedisType.List => await db.ListRangeAsync(key).WaitAsync(Tab.Timeout),
                    RedisType.Set => await db.SetMembersAsync(key).WaitAsync(Tab.Timeout),
                    RedisType.SortedSet => await db.SortedSetRangeByRankAsync(key).WaitAsync(Tab.Timeout),
                    // Gone between SCAN and TYPE (a lock, a heartbeat): nothing to read.
                    RedisType.None => [],
                    _ => throw new InvalidOperationException($"Key {key} is a {type}: the scan does not read that type yet."),
                };
                dump.Add((key.ToString(), []));
                dump.AddRange(values.Where(v => !v.IsNull).Select(v => (key.ToString(), (byte[])v!)));
            }
            cursor = reply[0].ToString();
            if (cursor == "0") return dump;
        }
        throw new InvalidOperationException("SCAN did not finish in 1,000 pages.");
    }

    private static async Task WaitForAuditAsync(Mediation m, string kind)
    {
        async Task<bool> RecordedAsync()
        {
            using var response = await m.Mediator.Browser.GetAsync($"api/sessions/{m.SessionId}/audit").WaitAsync(Tab.Timeout);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<List<AuditEntryDto>>())!.Any(e => e.Kind == kind);
        }
        await Eventually.TrueAsync(RecordedAsync, Tab.Timeout, $"a {kind} entry in the audit trail", TimeSpan.FromMilliseconds(100));
    }
}
