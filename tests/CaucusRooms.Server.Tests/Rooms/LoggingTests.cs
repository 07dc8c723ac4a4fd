namespace CaucusRooms.Server.Tests.Rooms;

public sealed class LoggingTests(HubServerFixture server) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task NeitherMessageTextNorInviteCodesNorPasswordsAreEverLogged()
    {
        await using var m = await Mediation.OpenAsync(server);
        var (alice, tab) = await m.JoinAsync("Alice", "Party", "Claimant", m.Joint);
        var canary = $"LOGCANARY{Guid.NewGuid():N}";

        await tab.SendAsync(m.CaucusOf("Claimant"), canary);
        await Refused.ReasonOf(() => tab.SendAsync(m.CaucusOf("Respondent"), canary + "-refused"));
        await Refused.ReasonOf(() => tab.SendAsync(m.Joint, new string('q', 5000) + canary));
        using var forged = await alice.RedeemAsync(canary);
        await m.MediatorTab.BarrierAsync();

        Assert.NotEmpty(server.Logs.Lines);
        Assert.DoesNotContain(server.Logs.Lines, l => l.Contains(canary, StringComparison.Ordinal));
        Assert.DoesNotContain(server.Logs.Lines, l => l.Contains(alice.InviteCode, StringComparison.Ordinal));
        Assert.DoesNotContain(server.Logs.Lines, l => l.Contains(HubServerFixture.Password, StringComparison.Ordinal));
    }
}
