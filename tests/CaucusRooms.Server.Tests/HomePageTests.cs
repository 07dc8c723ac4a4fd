namespace CaucusRooms.Server.Tests;

public sealed class HomePageTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task TheServiceServesTheBlazorHomePageOnLoopback()
    {
        using var browser = server.NewBrowser();

        var html = await browser.GetStringAsync("/");

        Assert.Equal("127.0.0.1", server.BaseAddress.Host);
        Assert.Contains("<title>CaucusRooms</title>", html, StringComparison.Ordinal);
        Assert.Contains("_framework/blazor.webassembly", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheBlazorRuntimeTheHomePageLoadsIsServed()
    {
        using var browser = server.NewBrowser();
        var html = await browser.GetStringAsync("/");
        var script = System.Text.RegularExpressions.Regex.Match(html, "_framework/blazor\\.webassembly\\.[a-z0-9]+\\.js").Value;

        using var response = await browser.GetAsync(script);

        Assert.True(response.IsSuccessStatusCode, $"{script}: {response.StatusCode}");
    }
}
