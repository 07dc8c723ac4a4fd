namespace CaucusRooms.Server.Tests.Accounts;

/// <summary>Its own server: the flood uses up this address's sign-in window for a minute.</summary>
public sealed class SignInFloodTests(HubServerFixture server) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task AFloodOfSignInsGets429WithAReasonAndARetryAfter()
    {
        using var browser = server.NewBrowser();
        HttpResponseMessage? limited = null;

        for (var attempt = 0; attempt < 40 && limited is null; attempt++)
        {
            var response = await browser.PostSignInAsync("nobody", "guess");
            if (response.StatusCode == HttpStatusCode.TooManyRequests) limited = response;
            else response.Dispose();
        }

        Assert.NotNull(limited);
        using (limited)
        {
            var error = await limited.Content.ReadFromJsonAsync<ErrorResponse>();
            Assert.Equal("RateLimited", error!.Error);
            Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"Retry-After: {limited.Headers.RetryAfter}");
        }
    }
}
