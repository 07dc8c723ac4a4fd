namespace CaucusRooms.EndToEnd.Tests;

/// <summary>A co-mediator joins by invite, is admitted to the mediators' room and works from the same console.</summary>
[Collection(ServerAndBrowser.Name)]
public sealed class CoMediatorTests(LiveServer server, Chromium chromium, ITestOutputHelper output) : BrowserTest(chromium, output)
{
    [Fact]
    public async Task AnInvitedCoMediatorIsAdmittedToTheMediatorsRoomAndTalksThereWithTheMediator()
    {
        var mediator = await Browsers.NewPersonAsync(server.BaseAddress);
        var cora = await Browsers.NewPersonAsync(server.BaseAddress);

        await SignInAsMediatorAsync(mediator);
        await OpenSessionAsync(mediator, "Two mediators", "Seller", "Buyer");
        await mediator.GetByLabel("Name").Last.FillAsync("Cora");
        await ClickAsync(mediator, "Invite a co-mediator");
        var link = await mediator.Locator("li[data-invitee='Cora'] input.invite-url").InputValueAsync();

        await AcceptInviteAsync(cora, link, "Cora Cole");
        await ClickAsync(mediator, "Admit Cora to Mediators' room");
        await cora.GetByRole(AriaRole.Link, new() { Name = "Open the session console" }).ClickAsync();
        await cora.GetByRole(AriaRole.Heading, new() { Name = "Two mediators" }).WaitForAsync();

        await WriteAsync(cora, "Mediators only", "I will take the buyer's caucus.");
        await SeesAsync(mediator, "Mediators only", "I will take the buyer's caucus.");
        Assert.Equal(4, await cora.Locator("section.pane").CountAsync().WaitAsync(Chromium.Patience));

        await mediator.Context.CloseAsync().WaitAsync(Chromium.Patience);
        await cora.Context.CloseAsync().WaitAsync(Chromium.Patience);
    }
}
