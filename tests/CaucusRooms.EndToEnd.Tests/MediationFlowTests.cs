namespace CaucusRooms.EndToEnd.Tests;

/// <summary>
/// A whole mediation in three browsers (mediator, a party of each side): invite link, agreement,
/// admission, joint chat, a caucus, back to the joint room. Every page records all text it ever showed.
/// </summary>
[Collection(ServerAndBrowser.Name)]
public sealed class MediationFlowTests(LiveServer server, Chromium chromium, ITestOutputHelper output) : BrowserTest(chromium, output)
{
    private const string Joint = "Everyone";
    private const string CaucusA = "Private — Claimant and mediator";
    private const string CaucusB = "Private — Respondent and mediator";

    [Fact]
    public async Task CaucusWordsOfSideANeverReachSideBNorTheMediatorsJointPaneFromInviteToCaucusAndBack()
    {
        var canaryFromA = $"kestrel-canary-{Guid.NewGuid():N}"[..24];
        var canaryToA = $"osprey-canary-{Guid.NewGuid():N}"[..23];
        var mediator = await Browsers.NewPersonAsync(server.BaseAddress);
        var alice = await Browsers.NewPersonAsync(server.BaseAddress);
        var bob = await Browsers.NewPersonAsync(server.BaseAddress);

        // The mediator opens a session and invites one party per side.
        await SignInAsMediatorAsync(mediator);
        await OpenSessionAsync(mediator, "Boundary fence", "Claimant", "Respondent");
        var aliceLink = await InviteAsync(mediator, "Alice", "Claimant");
        var bobLink = await InviteAsync(mediator, "Bob", "Respondent");
        Assert.StartsWith(server.BaseAddress.ToString().TrimEnd('/') + "/join#", aliceLink, StringComparison.Ordinal);

        // Each party accepts the agreement and waits alone.
        await AcceptInviteAsync(alice, aliceLink, "Alice Archer");
        await AcceptInviteAsync(bob, bobLink, "Bob Baker");
        // Everything Bob's page ever held while waiting: his own name, never another person's.
        var seenInBobsLobby = await Screens.SeenAsync(bob);
        Assert.Contains(seenInBobsLobby, s => s.Text.Contains("Thank you, Bob.", StringComparison.Ordinal));
        foreach (var other in new[] { "Alice", TestAccounts.Mediator, "Claimant" })
            Assert.DoesNotContain(seenInBobsLobby, s => s.Text.Contains(other, StringComparison.Ordinal));
        await Screens.ShootAsync(bob, "party-waiting-lobby");

        // The mediator sees who accepted and admits both to the joint room.
        await mediator.Locator(".lobby-list").GetByText("Accepted the agreement as “Bob Baker”").WaitForAsync();
        await ClickAsync(mediator, "Admit Alice to Joint room");
        await ClickAsync(mediator, "Admit Bob to Joint room");
        await Pane(alice, Joint).WaitForAsync();
        await Pane(bob, Joint).WaitForAsync();
        await Pane(bob, CaucusB).WaitForAsync();

        // Joint chat reaches everyone in the joint room.
        await WriteAsync(alice, Joint, "Good morning, everyone.");
        await SeesAsync(bob, Joint, "Good morning, everyone.");
        await SeesAsync(mediator, Joint, "Good morning, everyone.");
        await Screens.ShootAsync(bob, "party-joint-room");

        // Into caucus: Alice and the mediator talk privately.
        await ClickAsync(mediator, "Move Alice to Private — Claimant");
        await alice.GetByText("The mediator moved you to your private room.").WaitForAsync();
        Assert.Equal(0, await Pane(alice, Joint).CountAsync().WaitAsync(Chromium.Patience));
        await WriteAsync(alice, CaucusA, $"Between us: {canaryFromA} is my real bottom line.");
        await SeesAsync(mediator, CaucusA, canaryFromA);
        await WriteAsync(mediator, CaucusA, $"Understood. Noted as {canaryToA}.");
        await SeesAsync(alice, CaucusA, canaryToA);
        // A slip of the keyboard: the mediator starts to repeat Alice's words to everyone, is warned
        // (without the words being quoted in the joint pane), and keeps editing instead.
        var mediatorsJoint = Pane(mediator, Joint);
        await mediatorsJoint.Locator("textarea").FillAsync($"Between us, {canaryFromA} is the real bottom line");
        await mediatorsJoint.GetByRole(AriaRole.Button, new() { Name = "Send to Everyone" }).ClickAsync();
        await mediatorsJoint.GetByRole(AriaRole.Alert).Filter(new() { HasText = "closely matches something said in Private — Claimant and mediator" }).WaitForAsync();
        await mediatorsJoint.GetByRole(AriaRole.Button, new() { Name = "Keep editing" }).ClickAsync();
        await mediatorsJoint.Locator("textarea").FillAsync("");
        Assert.Equal(0, await mediator.Locator("p.problem").CountAsync().WaitAsync(Chromium.Patience));

        await WriteAsync(bob, Joint, "Is anyone still here?");
        await SeesAsync(mediator, Joint, "Is anyone still here?");
        await Screens.ShootAsync(mediator, "mediator-console-caucus");
        await Screens.ShootAsync(alice, "party-private-room");

        // Bob asks for the mediator; the mediator's ask queue lists him, with where he is.
        await ClickAsync(bob, "Ask for the mediator");
        await mediator.Locator(".ask-queue li[data-asker=Bob]").GetByText("Bob (Respondent) in Joint room").WaitForAsync();

        // Locked in place, Alice cannot be moved until unlocked: the service offers no move for her.
        await ClickAsync(mediator, "Lock Alice");
        await mediator.Locator("li[data-person=Alice] .locked").WaitForAsync();
        Assert.Equal(0, await mediator.Locator("li[data-person=Alice] button", new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^Move ") }).CountAsync().WaitAsync(Chromium.Patience));
        await ClickAsync(mediator, "Unlock Alice");
        await mediator.Locator("li[data-person=Alice] .locked").WaitForAsync(new() { State = WaitForSelectorState.Detached });

        // Back to the joint room, by keyboard: focus the one button, press Enter.
        await mediator.GetByRole(AriaRole.Button, new() { Name = "Move Alice to Joint room", Exact = true }).FocusAsync();
        await mediator.Keyboard.PressAsync("Enter").WaitAsync(Chromium.Patience);
        await alice.GetByText("The mediator moved you to the joint room.").WaitForAsync();
        await WriteAsync(alice, Joint, "I am back.");
        await SeesAsync(bob, Joint, "I am back.");
        await SeesAsync(mediator, Joint, "I am back.");

        // The proof: what each page ever held.
        var seenByBob = await Screens.SeenAsync(bob);
        var seenByMediator = await Screens.SeenAsync(mediator);
        var seenByAlice = await Screens.SeenAsync(alice);
        var mediatorsJointRoom = await RoomIdOfAsync(mediator, Joint);
        Output.WriteLine($"Recorded texts: Bob {seenByBob.Count}, mediator {seenByMediator.Count}, Alice {seenByAlice.Count}.");

        Assert.Contains(seenByAlice, s => s.Text.Contains(canaryFromA, StringComparison.Ordinal));
        Assert.Contains(seenByMediator, s => s.Text.Contains(canaryFromA, StringComparison.Ordinal));
        Assert.Contains(seenByBob, s => s.Text.Contains("I am back.", StringComparison.Ordinal));
        foreach (var canary in new[] { canaryFromA, canaryToA })
        {
            Assert.DoesNotContain(seenByBob, s => s.Text.Contains(canary, StringComparison.Ordinal));
            Assert.DoesNotContain(seenByMediator, s => s.Room == mediatorsJointRoom && s.Text.Contains(canary, StringComparison.Ordinal));
        }
        Assert.DoesNotContain(seenByBob, s => s.Text.Contains(CaucusA, StringComparison.Ordinal));
        Assert.Equal(0, await DroppedCountAsync(mediator));
        Assert.Equal(0, await DroppedCountAsync(alice));
        Assert.Equal(0, await DroppedCountAsync(bob));

        // The mediator closes the session; both parties are told.
        await ClickAsync(mediator, "Close session…");
        await ClickAsync(mediator, "Confirm: close this session for everyone");
        await alice.GetByText("The mediator closed this session.").WaitForAsync();
        await bob.GetByText("The mediator closed this session.").WaitForAsync();
        await mediator.GetByText("This session is closed.").WaitForAsync();

        await mediator.Context.CloseAsync().WaitAsync(Chromium.Patience);
        await alice.Context.CloseAsync().WaitAsync(Chromium.Patience);
        await bob.Context.CloseAsync().WaitAsync(Chromium.Patience);
    }
}
