namespace CaucusRooms.EndToEnd.Tests;

/// <summary>
/// The leak invariant 3 guards, as a new user found it: the mediator moves Blake into his private room, then
/// talks with Avery in the joint room; when Blake comes back, nothing said while he was away ever shows on his
/// page (his page's recorder holds every text it ever showed), not even after a reload. Each pane says who is
/// here now, and "Everyone" only when everyone is.
/// </summary>
[Collection(ServerAndBrowser.Name)]
public sealed class AwayAndBackTests(LiveServer server, Chromium chromium, ITestOutputHelper output) : BrowserTest(chromium, output)
{
    [Fact]
    public async Task WhatWasSaidInTheJointRoomWhileBlakeWasAwayNeverReachesHisPage()
    {
        var whileAway = $"while-away-{Guid.NewGuid():N}"[..22];
        var mediator = await Browsers.NewPersonAsync(server.BaseAddress);
        var avery = await Browsers.NewPersonAsync(server.BaseAddress);
        var blake = await Browsers.NewPersonAsync(server.BaseAddress);
        var violations = new List<string>();

        await SignInAsMediatorAsync(mediator);
        await OpenSessionAsync(mediator, "Away and back", "Tenant", "Landlord");
        await BringIntoJointRoomAsync(mediator, avery, "Avery", "Tenant", "Avery Ames");
        await BringIntoJointRoomAsync(mediator, blake, "Blake", "Landlord", "Blake Bell");
        await JointHeading(blake).Filter(new() { HasText = "here now: Avery, Blake" }).WaitForAsync();
        await ClickAsync(mediator, $"Move {TestAccounts.Mediator} to Joint room");
        await JointHeading(blake).Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^Everyone$") }).WaitForAsync();
        await JointHeading(mediator).Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^Everyone$") }).WaitForAsync();
        await WriteAsync(mediator, "Everyone", "Welcome, both of you.");
        await SeesAsync(blake, "Everyone", "Welcome, both of you.");

        await ClickAsync(mediator, "Move Blake to Private — Landlord");
        await JointHeading(avery).Filter(new() { HasText = $"Joint room — here now: Avery, {TestAccounts.Mediator} (mediator)" }).WaitForAsync();
        await Pane(blake, "Private — Landlord and mediator").Locator(".pane-here-now").Filter(new() { HasText = "The mediator is not in this room now" }).WaitForAsync();
        violations.AddRange(await Screens.SeriousViolationsAsync(avery, "party in the joint room with the other side out"));
        await WriteAsync(mediator, "Everyone", $"{whileAway} from the mediator");
        await WriteAsync(avery, "Everyone", $"{whileAway} from Avery");
        await SeesAsync(avery, "Everyone", $"{whileAway} from the mediator");

        await ClickAsync(mediator, "Move Blake to Joint room");
        await JointHeading(blake).Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^Everyone$") }).WaitForAsync();
        await WriteAsync(mediator, "Everyone", "Blake, welcome back.");
        await SeesAsync(blake, "Everyone", "Blake, welcome back.");
        await SeesAsync(blake, "Everyone", "Welcome, both of you.");
        violations.AddRange(await Screens.SeriousViolationsAsync(blake, "party back in the joint room"));
        await Screens.ShootAsync(blake, "party-back-in-the-joint-room");

        Assert.DoesNotContain(await Screens.SeenAsync(blake), s => s.Text.Contains(whileAway, StringComparison.Ordinal));

        // A reload re-fetches the joint room's history: still nothing of what was said while he was away.
        await blake.ReloadAsync();
        await SeesAsync(blake, "Everyone", "Blake, welcome back.");
        Assert.DoesNotContain(await Screens.SeenAsync(blake), s => s.Text.Contains(whileAway, StringComparison.Ordinal));
        Assert.Contains(await Screens.SeenAsync(avery), s => s.Text.Contains(whileAway, StringComparison.Ordinal));
        Assert.Equal(0, await DroppedCountAsync(blake));
        Assert.Empty(violations);

        foreach (var page in new[] { mediator, avery, blake }) await page.Context.CloseAsync().WaitAsync(Chromium.Patience);
    }
}
