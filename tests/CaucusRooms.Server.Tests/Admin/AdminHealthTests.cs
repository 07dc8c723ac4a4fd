namespace CaucusRooms.Server.Tests.Admin;

/// <summary>Admins see counts, rates and latencies — never a name, a title, an id of a person or a word said (invariant 9).</summary>
public sealed class AdminHealthTests(HubServerFixture server) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task NoCanaryFromTitlesNamesOrMessagesReachesAnyAdminEndpointOrMetrics()
    {
        var canary = $"zebra{Guid.NewGuid():N}"[..16];
        await using var m = await Mediation.OpenAsync(server, title: $"Title {canary}");
        var (alice, tab) = await m.JoinAsync($"Alice {canary}", "Party", "Claimant", m.Joint);
        await tab.SendAsync(m.Joint, $"joint {canary}");
        await tab.SendAsync(m.CaucusOf("Claimant"), $"caucus {canary}");
        await Refused.ReasonOf(() => tab.SendAsync(m.CaucusOf("Respondent"), $"refused {canary}"));
        await using var ada = await AdminAsync();

        var health = await ada.Browser.GetStringAsync("/api/admin/health");
        var metrics = await ada.Browser.GetStringAsync("/metrics");
        var ready = await ada.Browser.GetStringAsync("/readyz");

        Assert.Contains("\"openConnections\"", health, StringComparison.Ordinal);
        Assert.Contains("caucus_messages_sent", metrics, StringComparison.Ordinal);
        foreach (var text in new[] { health, metrics, ready })
        {
            Assert.DoesNotContain(canary, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(m.SessionId, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(alice.ParticipantId, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Claimant", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task PartiesAndMediatorsGet403FromTheAdminView()
    {
        await using var m = await Mediation.OpenAsync(server);
        var alice = await m.AdmitAsync("Alice", "Party", "Claimant", m.Joint);
        using var anonymous = server.NewBrowser();

        Assert.Equal(HttpStatusCode.Forbidden, (await m.Mediator.Browser.GetAsync("/api/admin/health")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.Browser.GetAsync("/api/admin/health")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/admin/health")).StatusCode);
    }

    [Fact]
    public async Task TheFiguresMoveWhenLoadIsApplied()
    {
        await using var ada = await AdminAsync();
        var before = (await ada.Browser.GetFromJsonAsync<AdminHealthDto>("/api/admin/health"))!;
        await using var m = await Mediation.OpenAsync(server);
        var (alice, tab) = await m.JoinAsync("Alice", "Party", "Claimant", m.Joint);
        for (var i = 0; i < 25; i++) await tab.SendAsync(m.CaucusOf("Claimant"), $"burst {i}");
        await Refused.ReasonOf(() => tab.Hub.Move(alice.ParticipantId, m.Joint));

        var after = (await ada.Browser.GetFromJsonAsync<AdminHealthDto>("/api/admin/health"))!;

        Assert.True(after.MessagesPerMinute >= before.MessagesPerMinute + 25, $"{before.MessagesPerMinute} -> {after.MessagesPerMinute}");
        Assert.True(after.DeliveryLatencyMs.Samples > before.DeliveryLatencyMs.Samples);
        Assert.True(after.OpenConnections >= 2);
        Assert.Contains(after.Rooms, r => r.Kind == "Caucus" && r.Rooms >= 2);
        Assert.Contains(after.Refused, r => r is { Operation: nameof(ISessionHub.Move), Reason: "NotAMediator" });
        Assert.Contains(after.Sessions, s => s.Connections >= 2 && s.OpaqueId.Length == 12);
        Assert.Equal("in-memory", after.Backplane.Mode);
        Assert.True(after.Process.WorkingSetBytes > 0);
    }

    [Fact]
    public async Task LivenessAndReadinessAnswer()
    {
        using var anonymous = server.NewBrowser();

        Assert.Equal("Healthy", await anonymous.GetStringAsync("/healthz"));
        Assert.Equal("Healthy", await anonymous.GetStringAsync("/readyz"));
    }

    private async Task<Person> AdminAsync()
    {
        var ada = new Person(server, "ada");
        await ada.SignInAsync(HubServerFixture.AdminName, HubServerFixture.Password);
        return ada;
    }
}
