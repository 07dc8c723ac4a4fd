using CaucusRooms.Client.Components.Chat;

namespace CaucusRooms.Client.Tests.Components.Chat;

public sealed class ComposerTests : BunitContext
{
    private readonly RecordingSender _sender = new();
    private readonly BunitJSModuleInterop _module;

    public ComposerTests() => _module = ComposerModule.Plan(JSInterop);

    [Fact]
    public async Task AComposerStaysBoundToItsFirstRoomWhenItsParentPointsItElsewhere()
    {
        var cut = Render<Composer>(p => p.Add(x => x.RoomId, Sample.JointId).Add(x => x.RoomLabel, "Everyone").Add(x => x.Send, _sender.SendAsync));
        await cut.Find("textarea").InputAsync("Let us take a break.");

        // The person was moved while typing and a parent re-used this composer for the private room.
        cut.Render(p => p.Add(x => x.RoomId, Sample.CaucusAId).Add(x => x.RoomLabel, "Private — Claimant and mediator"));
        await cut.Find("form").SubmitAsync();

        Assert.Equal([(Sample.JointId, "Let us take a break.")], _sender.Sent);
        Assert.Equal(Sample.JointId, cut.Instance.BoundRoomId);
        Assert.Equal("Send to Everyone", cut.Find("button[type=submit]").TextContent);
    }

    [Fact]
    public async Task ARefusedSendKeepsTheDraftAndSaysWhy()
    {
        _sender.Answer = _ => SendResult.Refused("You may not write in that room now (you may have been moved). Your message was not sent.");
        var cut = Render<Composer>(p => p.Add(x => x.RoomId, Sample.JointId).Add(x => x.RoomLabel, "Everyone").Add(x => x.Send, _sender.SendAsync));
        await cut.Find("textarea").InputAsync("Our final offer is 40,000.");

        await cut.Find("form").SubmitAsync();

        Assert.Equal("Our final offer is 40,000.", cut.Find("textarea").GetAttribute("value"));
        var alert = cut.Find("[role=alert]");
        Assert.Contains("you may have been moved", alert.TextContent, StringComparison.Ordinal);
        Assert.Equal(alert.Id, cut.Find("textarea").GetAttribute("aria-describedby"));
        Assert.Equal([(Sample.JointId, "Our final offer is 40,000.")], _sender.Sent);
    }

    [Fact]
    public async Task ASentMessageClearsTheDraft()
    {
        var cut = Render<Composer>(p => p.Add(x => x.RoomId, Sample.CaucusAId).Add(x => x.RoomLabel, "Private — Claimant and mediator").Add(x => x.Send, _sender.SendAsync));
        await cut.Find("textarea").InputAsync("Thank you.");

        await cut.Find("form").SubmitAsync();

        Assert.Equal("", cut.Find("textarea").GetAttribute("value") ?? "");
        Assert.Empty(cut.FindAll("[role=alert]"));
    }

    [Fact]
    public async Task AWarnedDraftIsSentOnlyAfterTheMediatorConfirms()
    {
        var cut = Render<Composer>(p => p
            .Add(x => x.RoomId, Sample.JointId).Add(x => x.RoomLabel, "Everyone").Add(x => x.Send, _sender.SendAsync)
            .Add(x => x.CautionFor, _ => "This closely matches something said in Private — Claimant and mediator."));
        await cut.Find("textarea").InputAsync("Claimant would accept forty thousand");

        await cut.Find("form").SubmitAsync();
        Assert.Empty(_sender.Sent);
        Assert.Contains("closely matches", cut.Find("[role=alert]").TextContent, StringComparison.Ordinal);

        await cut.Find(".composer-caution button").ClickAsync(new());
        Assert.Equal([(Sample.JointId, "Claimant would accept forty thousand")], _sender.Sent);
    }

    [Fact]
    public void EnterIsBoundToSubmitThisComposersOwnFormOnce()
    {
        var cut = Render<Composer>(p => p.Add(x => x.RoomId, Sample.JointId).Add(x => x.RoomLabel, "Everyone").Add(x => x.Send, _sender.SendAsync));

        var bound = Assert.Single(_module.Invocations["sendOnEnter"]);
        Assert.IsType<ElementReference>(Assert.Single(bound.Arguments));
        cut.Render(p => p.Add(x => x.To, "To: Avery"));
        Assert.Single(_module.Invocations["sendOnEnter"]);
        Assert.Contains("Enter sends; Shift+Enter starts a new line.", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void TheComposerSaysWhoWillReadItAndFollowsTheReadersAsTheyChange()
    {
        var cut = Render<Composer>(p => p.Add(x => x.RoomId, Sample.CaucusAId).Add(x => x.RoomLabel, "Private — Claimant and mediator")
            .Add(x => x.Send, _sender.SendAsync).Add(x => x.To, "To: Avery, Blake and the mediator"));

        var to = cut.Find(".composer-to");
        Assert.Equal("To: Avery, Blake and the mediator", to.TextContent);
        Assert.Equal(to.Id, cut.Find("textarea").GetAttribute("aria-describedby"));

        cut.Render(p => p.Add(x => x.To, "To: Avery and the mediator"));

        Assert.Equal("To: Avery and the mediator", cut.Find(".composer-to").TextContent);
        Assert.Equal(Sample.CaucusAId, cut.Instance.BoundRoomId);
    }
}
