namespace CaucusRooms.EndToEnd.Tests;

/// <summary>An axe-core scan of every main screen, as a person reaches it.</summary>
[Collection(ServerAndBrowser.Name)]
public sealed class AccessibilityTests(LiveServer server, Chromium chromium, ITestOutputHelper output) : BrowserTest(chromium, output)
{
    [Fact]
    public async Task MainScreensHaveNoSeriousOrCriticalAccessibilityViolations()
    {
        var violations = new List<string>();
        var mediator = await Browsers.NewPersonAsync(server.BaseAddress);
        var carol = await Browsers.NewPersonAsync(server.BaseAddress);

        await mediator.GotoAsync("");
        await mediator.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Name = "CaucusRooms" }).WaitForAsync();
        violations.AddRange(await Screens.SeriousViolationsAsync(mediator, "home"));
        await mediator.GotoAsync("signin");
        await mediator.GetByLabel("User name").WaitForAsync();
        violations.AddRange(await Screens.SeriousViolationsAsync(mediator, "sign-in"));
        await Screens.ShootAsync(mediator, "sign-in");

        await SignInAsMediatorAsync(mediator);
        violations.AddRange(await Screens.SeriousViolationsAsync(mediator, "my sessions"));
        await OpenSessionAsync(mediator, "Accessible session", "Buyer", "Seller");
        var link = await InviteAsync(mediator, "Carol", "Buyer");
        violations.AddRange(await Screens.SeriousViolationsAsync(mediator, "session console with invites"));
        await mediator.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]).WaitAsync(Chromium.Patience);
        await ClickAsync(mediator, "Copy link for Carol");
        await mediator.GetByRole(Microsoft.Playwright.AriaRole.Status).Filter(new() { HasText = "Copied" }).WaitForAsync();
        Assert.Equal(link, await mediator.EvaluateAsync<string>("() => navigator.clipboard.readText()").WaitAsync(Chromium.Patience));

        await carol.GotoAsync(link);
        await carol.GetByLabel("Type your full name to accept").WaitForAsync();
        violations.AddRange(await Screens.SeriousViolationsAsync(carol, "agreement"));
        await Screens.ShootAsync(carol, "party-agreement");
        await carol.GetByLabel("Type your full name to accept").FillAsync("Carol Cruz");
        await ClickAsync(carol, "I accept the agreement");
        await carol.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Name = "Waiting to be admitted" }).WaitForAsync();
        violations.AddRange(await Screens.SeriousViolationsAsync(carol, "waiting lobby"));

        await mediator.Locator(".lobby-list").GetByText("Accepted the agreement as “Carol Cruz”").WaitForAsync();
        violations.AddRange(await Screens.SeriousViolationsAsync(mediator, "session console with someone waiting"));

        // My sessions says who accepted, too; then back to the console.
        await mediator.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "My sessions" }).ClickAsync();
        await mediator.GetByText("Carol accepted").WaitForAsync();
        violations.AddRange(await Screens.SeriousViolationsAsync(mediator, "my sessions with a session"));
        await mediator.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "Accessible session" }).ClickAsync();
        await mediator.Locator(".lobby-list").GetByText("Accepted the agreement as “Carol Cruz”").WaitForAsync();
        await ClickAsync(mediator, "Admit Carol to Joint room");
        await WriteAsync(carol, "Everyone", "Hello from Carol.");
        await SeesAsync(mediator, "Everyone", "Hello from Carol.");
        violations.AddRange(await Screens.SeriousViolationsAsync(carol, "party room view"));
        violations.AddRange(await Screens.SeriousViolationsAsync(mediator, "session console in session"));

        // Video starts only on request; whatever it does, the chat keeps working.
        await ClickAsync(carol, "Join video (camera and microphone)");
        await carol.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Leave video" }).WaitForAsync();
        await carol.GetByRole(Microsoft.Playwright.AriaRole.Status).Filter(new() { HasText = "You are in: Everyone" }).WaitForAsync();
        violations.AddRange(await Screens.SeriousViolationsAsync(carol, "party room view with video"));
        await WriteAsync(carol, "Everyone", "Still here after starting video.");
        await SeesAsync(mediator, "Everyone", "Still here after starting video.");

        foreach (var violation in violations) Output.WriteLine(violation);
        Assert.Empty(violations);

        await mediator.Context.CloseAsync().WaitAsync(Chromium.Patience);
        await carol.Context.CloseAsync().WaitAsync(Chromium.Patience);
    }
}
