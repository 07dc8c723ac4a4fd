namespace CaucusRooms.Server.Tests.Invites;

public sealed class InviteTests(HubServerFixture server) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task AnInviteCarriesAtLeast128RandomBitsAndIsNeverStoredInTheClear()
    {
        await using var m = await Mediation.OpenAsync(server);
        var pat = await m.InviteAsync("Pat", "Party", "Claimant");
        var store = (CaucusRooms.Server.Invites.IInviteStore)server.Services.GetService(typeof(CaucusRooms.Server.Invites.IInviteStore))!;

        Assert.True(pat.InviteCode.Length * 6 >= 128 + 6, $"code '{pat.InviteCode}' is too short");
        Assert.Null(await store.FindAsync(pat.InviteCode));
        Assert.NotNull(await store.FindAsync(CaucusRooms.Server.Invites.InviteCodes.Hash(pat.InviteCode)));
    }

    [Fact]
    public async Task ARedeemedPersonLandsInTheirOwnLobbySlotSignedInForThatSessionOnly()
    {
        await using var m = await Mediation.OpenAsync(server);
        var pat = await m.InviteAsync("Pat", "Party", "Claimant");

        var me = await pat.Browser.GetFromJsonAsync<MeResponse>("/api/me");
        var tab = await pat.OpenTabAsync(m.SessionId);
        var state = await tab.WaitForStateAsync(_ => true);

        Assert.Equal(("Invitee", "Party", m.SessionId, pat.ParticipantId), (me!.Kind, me.Role, me.SessionId, me.ParticipantId));
        Assert.Equal("Lobby", state.Location);
        Assert.Empty(state.Rooms);
    }

    [Fact]
    public async Task ForgedInvitesAreRefusedClearly()
    {
        using var browser = server.NewBrowser();

        using var forged = await browser.PostAsJsonAsync("/api/invites/redeem", new RedeemRequest("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
        using var empty = await browser.PostAsJsonAsync("/api/invites/redeem", new RedeemRequest(""));
        using var huge = await browser.PostAsJsonAsync("/api/invites/redeem", new RedeemRequest(new string('a', 10_000)));
        using var junk = await browser.PostAsync("/api/invites/redeem", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        Assert.Equal("InviteNotFound", (await forged.Content.ReadFromJsonAsync<ErrorResponse>())!.Error);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, junk.StatusCode);
        Assert.Equal("MalformedRequest", (await junk.Content.ReadFromJsonAsync<ErrorResponse>())!.Error);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task RemovingAPersonRevokesTheirInvite()
    {
        await using var m = await Mediation.OpenAsync(server);
        var pat = await m.InviteAsync("Pat", "Party", "Claimant");

        using var removed = await m.Mediator.Browser.DeleteAsync($"/api/sessions/{m.SessionId}/participants/{pat.ParticipantId}");
        using var secondDevice = server.NewBrowser();
        using var redeem = await secondDevice.PostAsJsonAsync("/api/invites/redeem", new RedeemRequest(pat.InviteCode));

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, redeem.StatusCode);
        Assert.Equal("InviteRevoked", (await redeem.Content.ReadFromJsonAsync<ErrorResponse>())!.Error);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => pat.OpenTabAsync(m.SessionId));
    }

    [Fact]
    public async Task TheMediatorSeesHowManyDevicesEachPersonSignedInWith()
    {
        await using var m = await Mediation.OpenAsync(server);
        var pat = await m.InviteAsync("Pat", "Party", "Claimant");
        using var forwardedTo = server.NewBrowser();
        using var again = await forwardedTo.PostAsJsonAsync("/api/invites/redeem", new RedeemRequest(pat.InviteCode));
        again.EnsureSuccessStatusCode();

        var view = await m.Mediator.Browser.GetFromJsonAsync<SessionViewDto>($"/api/sessions/{m.SessionId}");

        Assert.Equal(2, view!.People.Single(p => p.ParticipantId == pat.ParticipantId).Devices);
    }

    [Fact]
    public async Task NobodyIsAdmittedBeforeAcceptingTheAgreementAndTheMediatorSeesWhoAccepted()
    {
        await using var m = await Mediation.OpenAsync(server);
        var pat = await m.InviteAsync("Pat", "Party", "Claimant");

        Assert.Equal("AgreementNotAccepted", await Refused.ReasonOf(() => m.MediatorTab.Hub.Admit(pat.ParticipantId, m.Joint)));
        await pat.AcceptAgreementAsync(m.SessionId);
        var view = await m.Mediator.Browser.GetFromJsonAsync<SessionViewDto>($"/api/sessions/{m.SessionId}");
        await m.MediatorTab.Hub.Admit(pat.ParticipantId, m.Joint);

        var person = view!.People.Single(p => p.ParticipantId == pat.ParticipantId);
        Assert.True(person.AgreementAccepted);
        Assert.Equal(("Pat", 1), (person.AcceptedTypedName, person.AcceptedVersion));
    }

    [Fact]
    public async Task OnlyTheSessionsMediatorsInviteAndPartiesCannot()
    {
        await using var m = await Mediation.OpenAsync(server);
        var pat = await m.InviteAsync("Pat", "Party", "Claimant");
        await using var otto = new Person(server, "otto");
        await otto.SignInAsync(HubServerFixture.OtherMediatorName, HubServerFixture.Password);

        using var byParty = await pat.Browser.PostAsJsonAsync($"/api/sessions/{m.SessionId}/invites", new InviteRequest("Eve", "Party", "Respondent"));
        using var byStranger = await otto.Browser.PostAsJsonAsync($"/api/sessions/{m.SessionId}/invites", new InviteRequest("Eve", "Party", "Respondent"));
        using var badSide = await m.Mediator.Browser.PostAsJsonAsync($"/api/sessions/{m.SessionId}/invites", new InviteRequest("Eve", "Party", "Nobody"));

        Assert.Equal(HttpStatusCode.Forbidden, byParty.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, byStranger.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badSide.StatusCode);
    }
}

/// <summary>Its own server: moving this clock must not expire other tests' sign-ins.</summary>
public sealed class ExpiredInviteTests(HubServerFixture server) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task AnExpiredInviteIsRefusedClearly()
    {
        await using var m = await Mediation.OpenAsync(server);
        using var response = await m.Mediator.Browser.PostAsJsonAsync($"/api/sessions/{m.SessionId}/invites", new InviteRequest("Pat", "Party", "Claimant"));
        var invite = (await response.Content.ReadFromJsonAsync<InviteResponse>())!;

        server.Clock.Advance(TimeSpan.FromDays(8));
        using var browser = server.NewBrowser();
        using var redeem = await browser.PostAsJsonAsync("/api/invites/redeem", new RedeemRequest(invite.Code));

        Assert.Equal(HttpStatusCode.Gone, redeem.StatusCode);
        Assert.Equal("InviteExpired", (await redeem.Content.ReadFromJsonAsync<ErrorResponse>())!.Error);
    }
}
