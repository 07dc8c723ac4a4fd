namespace CaucusRooms.Server.Tests.Infrastructure;

/// <summary>
/// The charset parameter of a JSON request on real Kestrel: RFC 9110 lets it be quoted and of
/// any case; UTF-8 is the only one JSON needs (RFC 8259). Nothing a client puts there is a 500.
/// </summary>
public sealed class JsonCharsetTests(HubServerFixture server) : IClassFixture<HubServerFixture>
{
    [Theory]
    [InlineData("application/json; charset=\"utf-8\"")]
    [InlineData("application/json;charset=\"UTF-8\"")]
    [InlineData("application/json; charset=UTF-8")]
    public async Task AQuotedOrUpperCaseUtf8CharsetIsReadAsPlainJsonByEveryJsonEndpoint(string contentType)
    {
        using var anonymous = server.NewBrowser();
        using var login = await JsonEndpoint.PostAsync(anonymous, "/api/auth/login",
            $$"""{"userName":"{{HubServerFixture.MediatorName}}","password":"{{HubServerFixture.Password}}"}""", contentType);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);

        using var created = await JsonEndpoint.PostAsync(anonymous, "/api/sessions", """{"title":"Ünïcödé v. Kestrel","sides":["Claimant","Respondent"]}""", contentType);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var session = (await created.Content.ReadFromJsonAsync<CreateSessionResponse>())!;
        using var invited = await JsonEndpoint.PostAsync(anonymous, $"/api/sessions/{session.SessionId}/invites", """{"displayName":"Zoë","role":"Party","side":"Claimant"}""", contentType);
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        var invite = (await invited.Content.ReadFromJsonAsync<InviteResponse>())!;

        using var zoe = server.NewBrowser();
        using var redeemed = await JsonEndpoint.PostAsync(zoe, "/api/invites/redeem", $$"""{"code":"{{invite.Code}}"}""", contentType);
        Assert.Equal(HttpStatusCode.OK, redeemed.StatusCode);
        using var accepted = await JsonEndpoint.PostAsync(zoe, $"/api/sessions/{session.SessionId}/agreement/accept", """{"typedName":"Zoë"}""", contentType);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);

        // The text arrived as the client meant it.
        var view = await anonymous.GetFromJsonAsync<SessionViewDto>($"/api/sessions/{session.SessionId}").WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal("Ünïcödé v. Kestrel", view!.Title);
        Assert.Equal("Zoë", Assert.Single(view.People, p => p.ParticipantId == invite.ParticipantId).AcceptedTypedName);
    }

    [Fact]
    public async Task AnUnknownCharsetOrANonJsonContentTypeIsRefusedWith415OfTheDocumentedShapeByEveryJsonEndpoint()
    {
        await using var m = await Mediation.OpenAsync(server);
        using var anonymous = server.NewBrowser();
        string?[] refused =
        [
            "application/json; charset=klingon",
            "application/json; charset=\"x-no-such-charset\"",
            "application/json; charset=\"\"",
            "text/plain",
            null,
        ];

        foreach (var endpoint in await JsonEndpoint.AllAsync(m, anonymous))
        {
            foreach (var contentType in refused)
            {
                using var response = await JsonEndpoint.PostAsync(endpoint.Browser, endpoint.Path, endpoint.ValidBody, contentType);
                var what = $"POST {endpoint.Path} with Content-Type {contentType ?? "(none)"}";
                var refusal = await JsonEndpoint.RefusalAsync(response, what);
                Assert.True(response.StatusCode == HttpStatusCode.UnsupportedMediaType, $"{what}: {response.StatusCode}");
                Assert.Equal("UnsupportedMediaType", refusal.Error);
            }
        }
    }
}
