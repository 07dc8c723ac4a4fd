namespace CaucusRooms.EndToEnd.Tests;

/// <summary>
/// The composer in a real browser: Enter sends, Shift+Enter makes a new line, and its "To:" line names who reads
/// what is written there now, as the service says, and follows a move.
/// </summary>
[Collection(ServerAndBrowser.Name)]
public sealed class ComposerTests(LiveServer server, Chromium chromium, ITestOutputHelper output) : BrowserTest(chromium, output)
{
    [Fact]
    public async Task EnterSendsShiftEnterMakesANewLineAndTheComposerSaysWhoReadsIt()
    {
        var mediator = await Browsers.NewPersonAsync(server.BaseAddress);
        var avery = await Browsers.NewPersonAsync(server.BaseAddress);
        var blake = await Browsers.NewPersonAsync(server.BaseAddress);
        await SignInAsMediatorAsync(mediator);
        await OpenSessionAsync(mediator, "Enter to send", "Tenant", "Landlord");
        await BringIntoJointRoomAsync(mediator, avery, "Avery", "Tenant", "Avery Ash");
        await BringIntoJointRoomAsync(mediator, blake, "Blake", "Landlord", "Blake Birch");

        var to = Pane(avery, "Everyone").Locator(".composer-to");
        await to.Filter(new() { HasText = "To: Blake and the mediator" }).WaitForAsync();
        Assert.Equal("To: the mediator", await Pane(avery, "Private — Tenant and mediator").Locator(".composer-to").InnerTextAsync().WaitAsync(Chromium.Patience));

        var box = Pane(avery, "Everyone").Locator("textarea");
        await box.PressSequentiallyAsync("First, the deposit.");
        await box.PressAsync("Shift+Enter");
        await box.PressSequentiallyAsync("Then the repairs.");
        Assert.Equal("First, the deposit.\nThen the repairs.", await box.InputValueAsync().WaitAsync(Chromium.Patience));
        await box.PressAsync("Enter");

        await SeesAsync(blake, "Everyone", "Then the repairs.");
        var said = Pane(blake, "Everyone").GetByRole(AriaRole.Log).Locator("li .text").Filter(new() { HasText = "Then the repairs." });
        Assert.Equal("First, the deposit.\nThen the repairs.", (await said.InnerTextAsync().WaitAsync(Chromium.Patience)).Trim());
        Assert.Equal("", await box.InputValueAsync().WaitAsync(Chromium.Patience));
        Assert.Equal(1, await Pane(mediator, "Everyone").GetByRole(AriaRole.Log).GetByText("Then the repairs.").CountAsync().WaitAsync(Chromium.Patience));

        // Blake leaves for his private room: what Avery writes to the joint room now reaches the mediator only.
        await ClickAsync(mediator, "Move Blake to Private — Landlord");
        await to.Filter(new() { HasText = "To: the mediator" }).WaitForAsync();
        await Pane(avery, "Private — Tenant and mediator").Locator(".composer-to").Filter(new() { HasText = "To: the mediator" }).WaitForAsync();
        await Screens.ShootAsync(avery, "party-composer-to");
        Assert.Empty(await Screens.SeriousViolationsAsync(avery, "party composer with its To: line"));
        Assert.Empty(await Screens.SeriousViolationsAsync(mediator, "session console composers"));

        await mediator.Context.CloseAsync().WaitAsync(Chromium.Patience);
        await avery.Context.CloseAsync().WaitAsync(Chromium.Patience);
        await blake.Context.CloseAsync().WaitAsync(Chromium.Patience);
    }
}
