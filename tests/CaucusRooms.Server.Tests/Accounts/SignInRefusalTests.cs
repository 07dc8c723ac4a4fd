namespace CaucusRooms.Server.Tests.Accounts;

/// <summary>docs/protocol.md: every refused HTTP request carries <c>{ error, message }</c>, 401s included.</summary>
public sealed class SignInRefusalTests(HubServerFixture server) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task AWrongPasswordAndAnUnknownUserGetTheSame401WithAReason()
    {
        using var browser = server.NewBrowser();

        using var wrong = await browser.PostSignInAsync(HubServerFixture.MediatorName, "guess");
        using var unknown = await browser.PostSignInAsync("nobody", "guess");

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        var wrongError = await wrong.Content.ReadFromJsonAsync<ErrorResponse>();
        var unknownError = await unknown.Content.ReadFromJsonAsync<ErrorResponse>();
        Assert.Equal(new ErrorResponse("InvalidCredentials", "Wrong user name or password."), wrongError);
        Assert.Equal(wrongError, unknownError);
    }

    [Fact]
    public async Task ACallerWhoIsNotSignedInGets401WithAReason()
    {
        using var browser = server.NewBrowser();

        using var me = await browser.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        var error = await me.Content.ReadFromJsonAsync<ErrorResponse>();
        Assert.Equal("NotSignedIn", error!.Error);
    }
}
