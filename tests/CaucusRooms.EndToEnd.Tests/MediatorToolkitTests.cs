namespace CaucusRooms.EndToEnd.Tests;

/// <summary>The mediator's toolkit in real browsers: an announcement to every room, the ask queue, room timers, everyone back.</summary>
[Collection(ServerAndBrowser.Name)]
public sealed class MediatorToolkitTests(LiveServer server, Chromium chromium, ITestOutputHelper output) : BrowserTest(chromium, output)
{
    private const string Joint = "Everyone";
    private const string CaucusA = "Private — Claimant and mediator";
    private const string CaucusB = "Private — Respondent and mediator";

    [Fact]
    public async Task AnAnnouncementShowsInEveryPaneItsReadersHaveAndAnAskIsAnsweredFromTheQueueToThatSideOnly()
    {
        var (mediator, alice, bob) = await AliceAndBobInTheJointRoomAsync("Toolkit: announcements");
        await ClickAsync(mediator, "Move Bob to Private — Respondent");
        await bob.GetByText("The mediator moved you to your private room.").WaitForAsync();

        await mediator.GetByLabel("Announcement", new() { Exact = true }).FillAsync("We resume at two o'clock.");
        await ClickAsync(mediator, "Announce to every room");
        await mediator.GetByRole(AriaRole.Status).Filter(new() { HasText = "Announced in every room." }).WaitForAsync();

        foreach (var (page, pane) in new[] { (alice, Joint), (alice, CaucusA), (bob, CaucusB), (mediator, Joint), (mediator, CaucusA), (mediator, CaucusB) })
            await Pane(page, pane).GetByRole(AriaRole.Log).Locator("li", new() { HasText = "We resume at two o'clock." })
                .GetByText("Announcement from the mediator:").WaitForAsync();
        var violations = new List<string>();
        violations.AddRange(await Screens.SeriousViolationsAsync(mediator, "console with the toolkit"));
        violations.AddRange(await Screens.SeriousViolationsAsync(alice, "party view with an announcement"));

        await ClickAsync(alice, "Ask for the mediator");
        var ask = mediator.Locator(".ask-queue li[data-asker=Alice]");
        await ask.GetByText("Alice (Claimant) in Joint room").WaitForAsync();
        violations.AddRange(await Screens.SeriousViolationsAsync(mediator, "console with an ask waiting"));
        await Screens.ShootAsync(mediator, "mediator-ask-queue");
        await ClickAsync(mediator, "Answer Alice: Coming in 2 minutes");

        await Pane(alice, CaucusA).GetByRole(AriaRole.Log).Locator("li", new() { HasText = "Coming in 2 minutes" })
            .GetByText("Answer to an ask for the mediator:").WaitForAsync();
        await mediator.Locator(".ask-queue").GetByText("Nobody is waiting for an answer.").WaitForAsync();
        await WriteAsync(mediator, CaucusB, "A word for Bob after the answer.");
        await SeesAsync(bob, CaucusB, "A word for Bob after the answer.");

        var seenByBob = await Screens.SeenAsync(bob);
        Assert.DoesNotContain(seenByBob, s => s.Text.Contains("Coming in 2 minutes", StringComparison.Ordinal));
        Assert.Equal(0, await DroppedCountAsync(alice));
        Assert.Equal(0, await DroppedCountAsync(bob));
        foreach (var violation in violations) Output.WriteLine(violation);
        Assert.Empty(violations);
        foreach (var page in new[] { mediator, alice, bob }) await page.Context.CloseAsync().WaitAsync(Chromium.Patience);
    }

    [Fact]
    public async Task ATimerIsSeenOnlyInItsRoomAndEveryoneButTheLockedComesBackToTheJointRoom()
    {
        var (mediator, alice, bob) = await AliceAndBobInTheJointRoomAsync("Toolkit: timers");
        await ClickAsync(mediator, "Move Alice to Private — Claimant");
        await ClickAsync(mediator, "Move Bob to Private — Respondent");
        await bob.GetByText("The mediator moved you to your private room.").WaitForAsync();
        await ClickAsync(mediator, "Lock Bob");
        await mediator.Locator("li[data-person=Bob] .locked").WaitForAsync();

        await ClickAsync(mediator, "Start the timer in Private — Claimant");
        var alicesTimer = alice.GetByRole(AriaRole.Timer, new() { Name = "Time left in this room" });
        await Assertions.Expect(alicesTimer).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^(10:00|9:[0-5][0-9])$"));
        await mediator.GetByRole(AriaRole.Timer, new() { Name = "Time left in Private — Claimant" }).WaitForAsync();
        var violations = new List<string>();
        violations.AddRange(await Screens.SeriousViolationsAsync(mediator, "console with a timer"));
        violations.AddRange(await Screens.SeriousViolationsAsync(alice, "party view with a timer"));
        await Screens.ShootAsync(alice, "party-room-timer");

        await ClickAsync(mediator, "Add 5 minutes in Private — Claimant");
        await Assertions.Expect(alicesTimer).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^(15:00|14:[0-5][0-9])$"));
        Assert.Equal(0, await bob.GetByRole(AriaRole.Timer).CountAsync().WaitAsync(Chromium.Patience));
        await ClickAsync(mediator, "Cancel the timer in Private — Claimant");
        await alicesTimer.WaitForAsync(new() { State = WaitForSelectorState.Detached });

        await ClickAsync(mediator, "Everyone back to the joint room");
        await mediator.GetByRole(AriaRole.Status).Filter(new() { HasText = "Stayed (locked): Bob." }).WaitForAsync();
        await alice.GetByText("The mediator moved you to the joint room.").WaitForAsync();
        await WriteAsync(alice, Joint, "Back in the joint room.");
        await SeesAsync(mediator, Joint, "Back in the joint room.");
        Assert.Equal(0, await Pane(bob, Joint).CountAsync().WaitAsync(Chromium.Patience));
        await mediator.Locator("li[data-person=Bob] .locked").WaitForAsync();

        foreach (var violation in violations) Output.WriteLine(violation);
        Assert.Empty(violations);
        foreach (var page in new[] { mediator, alice, bob }) await page.Context.CloseAsync().WaitAsync(Chromium.Patience);
    }

    [Fact]
    public async Task AtATimersZeroThePartyInTheRoomAndTheMediatorsBoardShowTheNoticeAndNobodyMoves()
    {
        var (mediator, alice, bob) = await AliceAndBobInTheJointRoomAsync("Toolkit: time is up");
        await ClickAsync(mediator, "Move Alice to Private — Claimant");
        await alice.GetByText("The mediator moved you to your private room.").WaitForAsync();
        var sessionId = new Uri(mediator.Url).Segments[^1];
        var caucus = await RoomIdOfAsync(mediator, CaucusA);

        // The board starts whole minutes; the service counts down from 1 second. A second window of the same mediator
        // (the hub's StartTimer, as the board calls it) starts the shortest countdown, so its zero comes within the test.
        var cookies = new System.Net.CookieContainer();
        foreach (var c in await mediator.Context.CookiesAsync().WaitAsync(Chromium.Patience)) cookies.Add(new System.Net.Cookie(c.Name, c.Value, c.Path, c.Domain));
        await using (var secondWindow = await CaucusRooms.Testing.Tab.OpenAsync(server.BaseAddress, sessionId, cookies, "the mediator's second window"))
            await secondWindow.Hub.StartTimer(caucus, 2);

        var alicesNotice = alice.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Time is up in this room." });
        await alicesNotice.WaitForAsync();
        await mediator.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Time is up in Private — Claimant." }).WaitForAsync();
        var violations = new List<string>();
        violations.AddRange(await Screens.SeriousViolationsAsync(alice, "party view with time up"));
        violations.AddRange(await Screens.SeriousViolationsAsync(mediator, "console with time up"));
        await Screens.ShootAsync(alice, "party-time-is-up");

        // Nobody was moved, and Bob, elsewhere, never learnt of the caucus's countdown.
        await WriteAsync(alice, CaucusA, "Still here after the time.");
        await SeesAsync(mediator, CaucusA, "Still here after the time.");
        Assert.Equal(0, await bob.GetByText("Time is up").CountAsync().WaitAsync(Chromium.Patience));
        Assert.DoesNotContain(await Screens.SeenAsync(bob), s => s.Text.Contains("Time is up", StringComparison.Ordinal) || s.Text.Contains("Time left", StringComparison.Ordinal));
        await ClickAsync(mediator, "Dismiss the notice for Private — Claimant");
        await mediator.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Time is up in Private — Claimant." }).WaitForAsync(new() { State = WaitForSelectorState.Detached });

        foreach (var violation in violations) Output.WriteLine(violation);
        Assert.Empty(violations);
        foreach (var page in new[] { mediator, alice, bob }) await page.Context.CloseAsync().WaitAsync(Chromium.Patience);
    }

    /// <summary>A mediator's new session with Alice (Claimant) and Bob (Respondent) admitted to the joint room, each in their own browser.</summary>
    private async Task<(IPage Mediator, IPage Alice, IPage Bob)> AliceAndBobInTheJointRoomAsync(string title)
    {
        var mediator = await Browsers.NewPersonAsync(server.BaseAddress);
        var alice = await Browsers.NewPersonAsync(server.BaseAddress);
        var bob = await Browsers.NewPersonAsync(server.BaseAddress);
        await SignInAsMediatorAsync(mediator);
        await OpenSessionAsync(mediator, title, "Claimant", "Respondent");
        await BringIntoJointRoomAsync(mediator, alice, "Alice", "Claimant", "Alice Archer");
        await BringIntoJointRoomAsync(mediator, bob, "Bob", "Respondent", "Bob Baker");
        return (mediator, alice, bob);
    }
}
