namespace CaucusRooms.EndToEnd.Tests;

/// <summary>
/// Consent to share (Model Standard V), in three browsers: what the Claimant said in caucus reaches the
/// Respondent only after the Claimant marked it shareable, labelled as shared with their consent; the
/// item not marked shareable reaches no other screen, and the audit trail holds no words at all.
/// </summary>
[Collection(ServerAndBrowser.Name)]
public sealed class ConsentToShareTests(LiveServer server, Chromium chromium, ITestOutputHelper output) : BrowserTest(chromium, output)
{
    private const string Joint = "Everyone";
    private const string CaucusA = "Private — Claimant and mediator";
    private const string CaucusB = "Private — Respondent and mediator";
    private const string SharedLabel = "Shared from Claimant's private session, with their consent";

    [Fact]
    public async Task AnItemReachesTheOtherSideOnlyAfterItsSideConsentedAndTheOtherItemNeverDoes()
    {
        var canary = $"heron-canary-{Guid.NewGuid():N}"[..22];
        var shareable = "We could pay in three instalments.";
        var secret = $"Between us: {canary} is my real bottom line.";
        var mediator = await Browsers.NewPersonAsync(server.BaseAddress);
        var alice = await Browsers.NewPersonAsync(server.BaseAddress);
        var bob = await Browsers.NewPersonAsync(server.BaseAddress);

        await SignInAsMediatorAsync(mediator);
        await OpenSessionAsync(mediator, "Unpaid invoice", "Claimant", "Respondent");
        var sessionId = new Uri(mediator.Url).Segments[^1];
        await BringIntoJointRoomAsync(mediator, alice, "Alice", "Claimant", "Alice Archer");
        await BringIntoJointRoomAsync(mediator, bob, "Bob", "Respondent", "Bob Baker");
        await Pane(bob, Joint).WaitForAsync();
        await ClickAsync(mediator, "Move Alice to Private — Claimant");
        await alice.GetByText("The mediator moved you to your private room.").WaitForAsync();

        // In caucus, Alice says two things; only the first will be shared.
        await WriteAsync(alice, CaucusA, shareable);
        await WriteAsync(alice, CaucusA, secret);
        await SeesAsync(mediator, CaucusA, canary);
        var mediatorsItem = Item(mediator, shareable);
        var mediatorsSecret = Item(mediator, secret);

        // Not granted yet: the mediator can only ask; there is nothing to share with.
        await mediatorsItem.GetByRole(AriaRole.Button, new() { Name = "Ask Claimant to share", Exact = true }).WaitForAsync();
        Assert.Equal(0, await mediatorsItem.GetByRole(AriaRole.Button, new() { Name = "Share in Everyone" }).CountAsync().WaitAsync(Chromium.Patience));
        Assert.Equal(0, await mediatorsSecret.GetByRole(AriaRole.Button, new() { Name = "Share in Everyone" }).CountAsync().WaitAsync(Chromium.Patience));

        // The mediator asks; Alice sees the question on that item and consents.
        await mediatorsItem.GetByRole(AriaRole.Button, new() { Name = "Ask Claimant to share", Exact = true }).ClickAsync();
        var alicesItem = Item(alice, shareable);
        await alicesItem.GetByText("The mediator asks to share this").WaitForAsync();
        await alicesItem.GetByRole(AriaRole.Button, new() { Name = "May be shared", Exact = true }).ClickAsync();
        await alicesItem.GetByRole(AriaRole.Button, new() { Name = "Take back sharing", Exact = true }).WaitForAsync();

        // Now the mediator shares it in the joint room; the secret still offers no share button.
        await mediatorsItem.GetByRole(AriaRole.Button, new() { Name = "Share with Respondent", Exact = true }).WaitForAsync();
        await mediatorsItem.GetByRole(AriaRole.Button, new() { Name = "Share in Everyone", Exact = true }).ClickAsync();
        await mediatorsItem.GetByRole(AriaRole.Status).Filter(new() { HasText = "Shared in Everyone." }).WaitForAsync();
        Assert.Equal(0, await mediatorsSecret.GetByRole(AriaRole.Button, new() { Name = "Share in Everyone" }).CountAsync().WaitAsync(Chromium.Patience));

        // Bob, in the joint room, reads it with its label.
        var bobsRelay = Pane(bob, Joint).GetByRole(AriaRole.Listitem).Filter(new() { HasText = shareable });
        await bobsRelay.GetByText(SharedLabel).WaitForAsync();
        await Screens.ShootAsync(mediator, "mediator-consent-shared");

        // A summary in other words is a proposal to Alice: it crosses only once she approves exactly those words.
        var summary = "The Claimant is open to paying in parts.";
        var declined = $"The Claimant would go as low as {canary}.";
        await ProposeAsync(mediatorsItem, summary);
        await ProposeAsync(mediatorsItem, declined);
        var alicesProposal = Item(alice, summary);
        await alicesProposal.GetByText("The mediator would share:").WaitForAsync();
        var alicesDeclined = Item(alice, declined);
        await alicesDeclined.GetByRole(AriaRole.Button, new() { Name = "Decline", Exact = true }).ClickAsync();
        await alicesDeclined.GetByText("You declined these words").WaitForAsync();
        await Item(mediator, declined).GetByText("Claimant declined these words").WaitForAsync();
        Assert.Equal(0, await Item(mediator, declined).GetByRole(AriaRole.Button, new() { Name = "Share with Respondent" }).CountAsync().WaitAsync(Chromium.Patience));
        await Item(mediator, summary).GetByText("Proposed, waiting for Claimant").WaitForAsync();
        Assert.Empty(await Screens.SeriousViolationsAsync(alice, "party private room with a proposal to approve"));
        await alicesProposal.GetByRole(AriaRole.Button, new() { Name = "Approve", Exact = true }).ClickAsync();
        await alicesProposal.GetByText("You approved these words").WaitForAsync();
        var mediatorsProposal = Item(mediator, summary);
        await mediatorsProposal.GetByRole(AriaRole.Button, new() { Name = "Share with Respondent", Exact = true }).ClickAsync();
        var bobsSummary = Pane(bob, CaucusB).GetByRole(AriaRole.Listitem).Filter(new() { HasText = summary });
        await bobsSummary.GetByText(SharedLabel).WaitForAsync();

        // The consent controls are real, named buttons and labelled fields: no serious axe finding on either screen.
        Assert.Empty(await Screens.SeriousViolationsAsync(mediator, "mediator console with consent controls"));
        Assert.Empty(await Screens.SeriousViolationsAsync(alice, "party private room with consent controls"));

        var seenByBob = await Screens.SeenAsync(bob);
        Assert.Contains(seenByBob, s => s.Text.Contains(SharedLabel, StringComparison.Ordinal));
        Assert.DoesNotContain(seenByBob, s => s.Text.Contains(canary, StringComparison.Ordinal));
        Assert.DoesNotContain(seenByBob, s => s.Text.Contains("May be shared", StringComparison.Ordinal));
        Assert.Equal(0, await DroppedCountAsync(bob));

        // After the session closes, its audit trail records the consent and the relay, by item id, never by words.
        await ClickAsync(mediator, "Close session…");
        await ClickAsync(mediator, "Confirm: close this session for everyone");
        await mediator.GetByText("This session is closed.").WaitForAsync();
        var audit = await mediator.EvaluateAsync<string>(
            "async id => { const r = await fetch(`api/sessions/${id}/audit`); return `${r.status} ${await r.text()}`; }", sessionId).WaitAsync(Chromium.Patience);
        Output.WriteLine($"Audit: {audit.Length} characters.");
        Assert.StartsWith("200 ", audit, StringComparison.Ordinal);
        foreach (var kind in new[] { "ConsentAsked", "ConsentGranted", "SummaryProposed", "ConsentWithdrawn", "Relayed" })
            Assert.Contains(kind, audit, StringComparison.Ordinal);
        Assert.DoesNotContain(canary, audit, StringComparison.Ordinal);
        Assert.DoesNotContain("instalments", audit, StringComparison.Ordinal);
        Assert.DoesNotContain("paying in parts", audit, StringComparison.Ordinal);

        await mediator.Context.CloseAsync().WaitAsync(Chromium.Patience);
        await alice.Context.CloseAsync().WaitAsync(Chromium.Patience);
        await bob.Context.CloseAsync().WaitAsync(Chromium.Patience);
    }

    private static async Task ProposeAsync(ILocator item, string summary)
    {
        await item.GetByRole(AriaRole.Button, new() { Name = "Propose a summary…", Exact = true }).ClickAsync();
        await item.GetByLabel("Summary to propose to Claimant").FillAsync(summary);
        await item.GetByRole(AriaRole.Button, new() { Name = "Propose to Claimant", Exact = true }).ClickAsync();
        await item.GetByRole(AriaRole.Status).Filter(new() { HasText = "Proposed to Claimant" }).WaitForAsync();
    }

    private static ILocator Item(IPage page, string text) =>
        Pane(page, CaucusA).GetByRole(AriaRole.Log).GetByRole(AriaRole.Listitem).Filter(new() { HasText = text });
}
