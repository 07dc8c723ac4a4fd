using System.Text.RegularExpressions;

namespace CaucusRooms.EndToEnd.Tests;

/// <summary>What the people of a mediation do on their screens, step by step.</summary>
internal static partial class People
{
    public static async Task SignInAsMediatorAsync(IPage page)
    {
        await page.GotoAsync("signin");
        await page.GetByLabel("User name").FillAsync(TestAccounts.Mediator);
        await page.GetByLabel("Password").FillAsync(TestAccounts.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "My sessions" }).WaitForAsync();
    }

    /// <summary>Opens a session with two sides and waits for its console to be connected.</summary>
    public static async Task OpenSessionAsync(IPage page, string title, string sideA, string sideB)
    {
        await page.GetByLabel("Title (only mediators see it)").FillAsync(title);
        await page.GetByLabel("Side 1").FillAsync(sideA);
        await page.GetByLabel("Side 2").FillAsync(sideB);
        await page.GetByRole(AriaRole.Button, new() { Name = "Open session" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = title }).WaitForAsync();
        await page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Connected" }).WaitForAsync();
    }

    /// <summary>Invites a party to a side and returns their personal link.</summary>
    public static async Task<string> InviteAsync(IPage page, string name, string side)
    {
        var details = page.Locator("details.console-people");
        if (await details.GetAttributeAsync("open") is null) await details.Locator("summary").ClickAsync();
        var form = page.GetByRole(AriaRole.Form, new() { Name = $"Invite to {side}" });
        await form.GetByLabel("Name").FillAsync(name);
        await form.GetByRole(AriaRole.Button, new() { Name = $"Invite to {side}" }).ClickAsync();
        var link = page.Locator($"li[data-invitee='{name}'] input.invite-url");
        await link.WaitForAsync();
        return await link.InputValueAsync();
    }

    /// <summary>Opens the invite link, reads the agreement and accepts it by typing the name.</summary>
    public static async Task AcceptInviteAsync(IPage page, string link, string name)
    {
        await page.GotoAsync(link);
        await page.GetByRole(AriaRole.Heading, new() { Name = "Confidentiality agreement" }).WaitForAsync();
        await page.GetByLabel("Type your full name to accept").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "I accept the agreement" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Waiting to be admitted" }).WaitForAsync();
    }

    /// <summary>Invites a party, has them accept the agreement in their own browser, and admits them to the joint room.</summary>
    public static async Task BringIntoJointRoomAsync(IPage mediator, IPage party, string name, string side, string typedName)
    {
        var link = await InviteAsync(mediator, name, side);
        await AcceptInviteAsync(party, link, typedName);
        await ClickAsync(mediator, $"Admit {name} to Joint room");
    }

    /// <summary>A mediator's new session "Tenant" and "Landlord" with Avery (Tenant) and Blake (Landlord) admitted to the joint room, each in their own browser.</summary>
    public static async Task<(IPage Mediator, IPage Avery, IPage Blake)> TenantAndLandlordInTheJointRoomAsync(Chromium browsers, Uri address, string title)
    {
        ArgumentNullException.ThrowIfNull(browsers);
        var mediator = await browsers.NewPersonAsync(address);
        var avery = await browsers.NewPersonAsync(address);
        var blake = await browsers.NewPersonAsync(address);
        await SignInAsMediatorAsync(mediator);
        await OpenSessionAsync(mediator, title, "Tenant", "Landlord");
        await BringIntoJointRoomAsync(mediator, avery, "Avery", "Tenant", "Avery Ash");
        await BringIntoJointRoomAsync(mediator, blake, "Blake", "Landlord", "Blake Birch");
        return (mediator, avery, blake);
    }

    public static Task ClickAsync(IPage page, string button) =>
        page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();

    /// <summary>Writes in the pane labelled <paramref name="paneLabel"/> and waits until the message shows there.</summary>
    public static async Task WriteAsync(IPage page, string paneLabel, string text)
    {
        var pane = Pane(page, paneLabel);
        await pane.Locator("textarea").FillAsync(text);
        await pane.GetByRole(AriaRole.Button, new() { Name = $"Send to {paneLabel}" }).ClickAsync();
        await SeesAsync(page, paneLabel, text);
    }

    public static Task SeesAsync(IPage page, string paneLabel, string text) =>
        Pane(page, paneLabel).GetByRole(AriaRole.Log).GetByText(text).WaitForAsync();

    /// <summary>
    /// The pane labelled <paramref name="paneLabel"/>. "Everyone" is the joint room's pane whoever is in it: its
    /// heading says "Everyone" only when every admitted person is there and names who is there otherwise, while its
    /// composer keeps sending to the joint room ("Send to Everyone").
    /// </summary>
    public static ILocator Pane(IPage page, string paneLabel) => paneLabel == "Everyone"
        ? page.Locator("section.pane[data-room-kind=Joint]")
        : page.GetByRole(AriaRole.Region, new() { Name = paneLabel, Exact = true });

    /// <summary>The heading of the joint room's pane: "Everyone", or who is there now.</summary>
    public static ILocator JointHeading(IPage page) => Pane(page, "Everyone").Locator("h2");

    public static async Task<string> RoomIdOfAsync(IPage page, string paneLabel) =>
        await Pane(page, paneLabel).GetAttributeAsync("data-room-id") ?? throw new InvalidOperationException($"No pane {paneLabel}.");

    public static async Task<int> DroppedCountAsync(IPage page)
    {
        var text = await page.GetByTestId("dropped-count").InnerTextAsync();
        return int.Parse(DroppedPattern().Match(text).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"(\d+) misrouted")]
    private static partial Regex DroppedPattern();
}
