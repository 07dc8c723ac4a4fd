namespace CaucusRooms.EndToEnd.Tests;

/// <summary>
/// The mediator's private notes in a real browser: saved as the mediator types, still there after a reload, exported
/// as a text file, and out of reach of a party in the same session.
/// </summary>
[Collection(ServerAndBrowser.Name)]
public sealed class MediatorNotesTests(LiveServer server, Chromium chromium, ITestOutputHelper output) : BrowserTest(chromium, output)
{
    [Fact]
    public async Task AMediatorsNotesAreSavedAsTheyTypeSurviveAReloadExportAndNoPartyReachesThem()
    {
        var mediator = await Browsers.NewPersonAsync(server.BaseAddress);
        var avery = await Browsers.NewPersonAsync(server.BaseAddress);
        await SignInAsMediatorAsync(mediator);
        await OpenSessionAsync(mediator, "Notes session", "Tenant", "Landlord");
        await BringIntoJointRoomAsync(mediator, avery, "Avery", "Tenant", "Avery Ash");
        await Pane(avery, "Everyone").WaitForAsync();

        var notes = mediator.GetByLabel("Your notes");
        await notes.PressSequentiallyAsync("Tenant flexible on the date.");
        await mediator.GetByRole(AriaRole.Status).Filter(new() { HasTextString = "Saved at" }).WaitForAsync();
        Assert.Empty(await Screens.SeriousViolationsAsync(mediator, "session console with private notes"));
        await Screens.ShootAsync(mediator, "mediator-private-notes");

        await mediator.ReloadAsync();
        await mediator.GetByLabel("Your notes").WaitForAsync();
        Assert.Equal("Tenant flexible on the date.", await mediator.GetByLabel("Your notes").InputValueAsync().WaitAsync(Chromium.Patience));

        var download = await mediator.RunAndWaitForDownloadAsync(() => mediator.GetByRole(AriaRole.Link, new() { Name = "Export notes (text file)" }).ClickAsync())
            .WaitAsync(Chromium.Patience);
        var file = await File.ReadAllTextAsync(await download.PathAsync().WaitAsync(Chromium.Patience));
        Assert.Equal("mediator-notes.txt", download.SuggestedFilename);
        Assert.Contains("Tenant flexible on the date.", file, StringComparison.Ordinal);

        // The party's page offers no notepad, and the party's own sign-in cannot read the notes.
        Assert.Equal(0, await avery.GetByRole(AriaRole.Heading, new() { Name = "Private notes" }).CountAsync().WaitAsync(Chromium.Patience));
        var sessionId = mediator.Url.Split('/').Last();
        var answer = await avery.Context.APIRequest.GetAsync($"api/sessions/{sessionId}/notes").WaitAsync(Chromium.Patience);
        Assert.Equal(404, answer.Status);
        Assert.DoesNotContain("flexible", await answer.TextAsync().WaitAsync(Chromium.Patience), StringComparison.Ordinal);
        Assert.DoesNotContain(await Screens.SeenAsync(avery), s => s.Text.Contains("flexible", StringComparison.Ordinal));

        await mediator.Context.CloseAsync().WaitAsync(Chromium.Patience);
        await avery.Context.CloseAsync().WaitAsync(Chromium.Patience);
    }
}
