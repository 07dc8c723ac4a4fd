namespace CaucusRooms.Server.Tests.Sessions;

/// <summary>
/// "My sessions" shows, for each open session, who has accepted its agreement. The list carries it, so the page makes
/// one request, not one per session.
/// </summary>
public sealed class MySessionsListTests(HubServerFixture server) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task TheListSaysWhoOfEachOpenSessionAcceptedTheAgreement()
    {
        await using var m = await Mediation.OpenAsync(server, title: "Agreement lines " + Guid.NewGuid().ToString("N"));
        await m.AdmitAsync("Avery", "Party", "Claimant", m.Joint);
        await m.InviteAsync("Blake", "Party", "Respondent");
        var gone = await m.AdmitAsync("Rae", "Advisor", "Claimant", m.Joint);
        await m.MediatorTab.Hub.Remove(gone.ParticipantId);

        var listed = await MineAsync(m);

        Assert.False(listed.IsClosed);
        Assert.Equal([new AgreementLineDto("Avery", true), new AgreementLineDto("Blake", false)], listed.Agreement.OrderBy(p => p.DisplayName, StringComparer.Ordinal));
    }

    [Fact]
    public async Task AClosedSessionListsNoAgreementLines()
    {
        await using var m = await Mediation.OpenAsync(server, title: "Closed lines " + Guid.NewGuid().ToString("N"));
        await m.AdmitAsync("Avery", "Party", "Claimant", m.Joint);
        await m.MediatorTab.Hub.CloseSession();

        var listed = await MineAsync(m);

        Assert.True(listed.IsClosed);
        Assert.Empty(listed.Agreement);
    }

    private static async Task<SessionSummaryDto> MineAsync(Mediation m)
    {
        var mine = await m.Mediator.Browser.GetFromJsonAsync<List<SessionSummaryDto>>("api/sessions");
        return Assert.Single(mine!, s => s.SessionId == m.SessionId);
    }
}
