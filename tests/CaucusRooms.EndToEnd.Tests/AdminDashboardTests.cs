using System.Globalization;

namespace CaucusRooms.EndToEnd.Tests;

/// <summary>The admin's room-health dashboard in a real browser: its figures move under load, and no name, title or word said ever reaches it.</summary>
/// <remarks>
/// A server of its own: on the shared one, messages of the tests before still sit in the one-minute
/// window of "Messages per minute" and leave it while this test runs, so the figure could fall.
/// </remarks>
[Collection(ServerAndBrowser.Name)]
public sealed class AdminDashboardTests(Chromium chromium) : IAsyncLifetime
{
    private readonly LiveServer _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task TheDashboardShowsLoadMovingAndNeverANameATitleOrAMessage()
    {
        var canary = $"heron{Guid.NewGuid():N}"[..14];
        var admin = await chromium.NewPersonAsync(_server.BaseAddress);
        var mediator = await chromium.NewPersonAsync(_server.BaseAddress);
        await SignInAsMediatorAsync(mediator);
        await OpenSessionAsync(mediator, $"Title {canary}", "Claimant", "Respondent");

        await admin.GotoAsync("signin");
        await admin.GetByLabel("User name").FillAsync(TestAccounts.Admin);
        await admin.GetByLabel("Password").FillAsync(TestAccounts.Password);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await admin.GetByRole(AriaRole.Heading, new() { Name = "Room health" }).WaitForAsync();
        var before = await FigureAsync(admin, "Messages per minute");

        // A burst of messages in the mediators' room.
        for (var i = 0; i < 6; i++) await WriteAsync(mediator, "Mediators only", $"note {i} {canary}");

        var after = await Eventually.ValueAsync(() => FigureAsync(admin, "Messages per minute"), figure => figure >= before + 6, Chromium.Patience, TimeSpan.FromMilliseconds(500));
        Assert.True(after >= before + 6, $"messages per minute went from {before} to {after}");
        Assert.True(await FigureAsync(admin, "Open connections") >= 1);
        await admin.Locator("table").Filter(new() { HasText = "Session (opaque id)" }).Locator("tbody tr").First.WaitForAsync();
        await Screens.ShootAsync(admin, "admin-dashboard");

        var seenByAdmin = await Screens.SeenAsync(admin);
        Assert.NotEmpty(seenByAdmin);
        Assert.DoesNotContain(seenByAdmin, s => s.Text.Contains(canary, StringComparison.Ordinal));
        Assert.DoesNotContain(seenByAdmin, s => s.Text.Contains("Claimant", StringComparison.Ordinal));
        Assert.DoesNotContain(seenByAdmin, s => s.Text.Contains(TestAccounts.Mediator, StringComparison.Ordinal));

        await admin.Context.CloseAsync();
        await mediator.Context.CloseAsync();
    }

    private static async Task<double> FigureAsync(IPage page, string name)
    {
        var value = await page.Locator(".figure").Filter(new() { Has = page.Locator(".figure-name", new() { HasTextString = name }) })
            .Locator(".figure-value").InnerTextAsync();
        return double.Parse(value.Split(' ')[0], NumberStyles.Any, CultureInfo.InvariantCulture);
    }
}
