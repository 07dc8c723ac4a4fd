using CaucusRooms.Client.Components.Party;
using CaucusRooms.Client.Tests.Components.Chat;
using Microsoft.Extensions.DependencyInjection;

namespace CaucusRooms.Client.Tests.Components.Party;

public sealed class PartyRoomViewTests : BunitContext
{
    private readonly RecordingSender _sender = new();
    private readonly Dictionary<string, List<MessageDto>> _feeds = new()
    {
        [Sample.JointId] = [Sample.Message(Sample.JointId, "Welcome, everyone.", "Morgan")],
        [Sample.CaucusAId] = [Sample.Message(Sample.CaucusAId, "Only between us.", "Morgan")],
    };

    public PartyRoomViewTests()
    {
        Services.AddSingleton<LeakDiagnostics>();
        ComposerModule.Plan(JSInterop);
    }

    private IRenderedComponent<PartyRoomView> RenderFor(MyStateDto me, string? notice = null, MediaRosterDto? roster = null) =>
        Render<PartyRoomView>(p => p
            .Add(x => x.Me, me)
            .Add(x => x.PresenceOf, roomId => HereNow.FromRoster(roster, roomId))
            .Add(x => x.MessagesOf, roomId => _feeds.GetValueOrDefault(roomId) ?? [])
            .Add(x => x.Send, _sender.SendAsync)
            .Add(x => x.AskForMediator, () => Task.FromResult<string?>(null))
            .Add(x => x.Notice, notice));

    [Fact]
    public void InTheJointRoomAPartySeesTheJointPaneAndTheirPrivatePane()
    {
        var cut = RenderFor(Sample.Alice(Sample.JointId), roster: Roster(Sample.JointId, everyone: true, ("Alice", "Party"), ("Bob", "Party"), ("Morgan", "Mediator")));

        Assert.Equal(["Everyone", "Private — Claimant and mediator"], cut.FindAll("section.pane h2").Select(h => h.TextContent));
        Assert.Contains("You are in the joint room with everyone.", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void WithTheOtherSideOutTheJointPaneNamesWhoIsHereNowInsteadOfEveryone()
    {
        var cut = RenderFor(Sample.Alice(Sample.JointId), roster: Roster(Sample.JointId, everyone: false, ("Alice", "Party"), ("Morgan", "Mediator")));

        Assert.Equal("Joint room — here now: Alice, Morgan (mediator)", cut.Find($"section[data-room-id={Sample.JointId}] h2").TextContent);
        Assert.DoesNotContain("Everyone", cut.Find($"section[data-room-id={Sample.JointId}] h2").TextContent, StringComparison.Ordinal);
        Assert.Equal("You are not in this private room now; the mediator still reads what you write here.",
            cut.Find($"section[data-room-id={Sample.CaucusAId}] .pane-here-now").TextContent);
    }

    [Fact]
    public void InTheirPrivateRoomAPartyIsToldWhetherTheMediatorIsWithThem()
    {
        var alone = RenderFor(Sample.Alice(Sample.CaucusAId), roster: Roster(Sample.CaucusAId, everyone: false, ("Alice", "Party")));
        var withMediator = RenderFor(Sample.Alice(Sample.CaucusAId), roster: Roster(Sample.CaucusAId, everyone: false, ("Alice", "Party"), ("Morgan", "Mediator")));

        Assert.Equal("The mediator is not in this room now; they read what you write here.", alone.Find(".pane-here-now").TextContent);
        Assert.Equal("The mediator is with you here now.", withMediator.Find(".pane-here-now").TextContent);
    }

    [Fact]
    public void WhoIsHereIsListedPartiesByNameThenMediatorsWhateverOrderTheRosterHas()
    {
        var cut = RenderFor(Sample.Alice(Sample.JointId), roster: Roster(Sample.JointId, everyone: false, ("Morgan", "Mediator"), ("Zoe", "Advisor"), ("Alice", "Party")));

        Assert.Equal("Joint room — here now: Alice, Zoe, Morgan (mediator)", cut.Find($"section[data-room-id={Sample.JointId}] h2").TextContent);
    }

    [Fact]
    public void ARosterOfAnotherRoomTellsThePaneNothing()
    {
        var cut = RenderFor(Sample.Alice(Sample.JointId), roster: Roster(Sample.CaucusBId, everyone: false, ("Bob", "Party"), ("Morgan", "Mediator")));

        Assert.Equal("Joint room", cut.Find($"section[data-room-id={Sample.JointId}] h2").TextContent);
        Assert.DoesNotContain("Bob", cut.Markup, StringComparison.Ordinal);
    }

    private static MediaRosterDto Roster(string roomId, bool everyone, params (string Name, string Role)[] people) =>
        new(roomId, "label", [.. people.Select(p => new RosterEntryDto($"id-{p.Name}", p.Name, true, p.Role))], true, 7, everyone);

    [Fact]
    public async Task AfterAMoveToCaucusTheJointPaneIsGoneAndThePrivateComposerStillWritesToThePrivateRoom()
    {
        var cut = RenderFor(Sample.Alice(Sample.JointId));
        var privatePane = cut.Find($"section[data-room-id={Sample.CaucusAId}]");
        await privatePane.QuerySelector("textarea")!.InputAsync("Can we talk about the fence?");

        cut.Render(p => p.Add(x => x.Me, Sample.Alice(Sample.CaucusAId)).Add(x => x.Notice, "The mediator moved you to your private room."));
        await cut.Find($"section[data-room-id={Sample.CaucusAId}] form").SubmitAsync();

        Assert.Empty(cut.FindAll($"section[data-room-id={Sample.JointId}]"));
        Assert.Equal([(Sample.CaucusAId, "Can we talk about the fence?")], _sender.Sent);
        Assert.Equal("The mediator moved you to your private room.", cut.Find(".move-notice").TextContent);
        Assert.Contains("You are in your private room: only Claimant and the mediator.", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("Welcome, everyone.", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnsentJointDraftWaitsThroughACaucusAndReturnsToTheJointComposerOnly()
    {
        var cut = RenderFor(Sample.Alice(Sample.JointId));
        await cut.Find($"section[data-room-id={Sample.JointId}] textarea").InputAsync("We might agree on the hedge.");

        cut.Render(p => p.Add(x => x.Me, Sample.Alice(Sample.CaucusAId)));
        Assert.Equal("", cut.Find($"section[data-room-id={Sample.CaucusAId}] textarea").GetAttribute("value") ?? "");

        cut.Render(p => p.Add(x => x.Me, Sample.Alice(Sample.JointId)));
        Assert.Equal("We might agree on the hedge.", cut.Find($"section[data-room-id={Sample.JointId}] textarea").GetAttribute("value"));
        await cut.Find($"section[data-room-id={Sample.JointId}] form").SubmitAsync();
        Assert.Equal([(Sample.JointId, "We might agree on the hedge.")], _sender.Sent);
    }

    [Fact]
    public void ThePrivatePaneShowsOnlyPrivateMessagesEvenWhenTheFeedIsWrong()
    {
        _feeds[Sample.CaucusAId].Add(Sample.Message(Sample.CaucusBId, "the other side's secret"));

        var cut = RenderFor(Sample.Alice(Sample.CaucusAId));

        Assert.DoesNotContain("the other side's secret", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("Only between us.", cut.Markup, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Lobby", null, Sample.JointId, "The mediator admitted you to the joint room.")]
    [InlineData("Room", Sample.JointId, Sample.CaucusAId, "The mediator moved you to your private room.")]
    [InlineData("Room", Sample.CaucusAId, Sample.JointId, "The mediator moved you to the joint room.")]
    public void EachMoveIsToldInPlainWords(string fromLocation, string? fromRoom, string toRoom, string expected)
    {
        var before = Sample.Alice(fromRoom, fromLocation);

        Assert.Equal(expected, LocationBanner.MoveNotice(before, Sample.Alice(toRoom)));
        Assert.Null(LocationBanner.MoveNotice(Sample.Alice(toRoom), Sample.Alice(toRoom)));
    }

    [Fact]
    public void APartyGetsConsentControlsOnlyInTheirPrivatePane()
    {
        var consent = new CaucusRooms.Client.Components.Chat.ConsentOptions(_ => null,
            (_, _, _) => Task.FromResult<string?>(null), (_, _) => Task.FromResult<string?>(null), (_, _, _) => Task.FromResult<string?>(null), []);
        var cut = Render<PartyRoomView>(p => p
            .Add(x => x.Me, Sample.Alice(Sample.JointId))
            .Add(x => x.MessagesOf, roomId => _feeds.GetValueOrDefault(roomId) ?? [])
            .Add(x => x.Send, _sender.SendAsync)
            .Add(x => x.AskForMediator, () => Task.FromResult<string?>(null))
            .Add(x => x.Consent, consent));

        Assert.Empty(cut.Find($"section[data-room-id={Sample.JointId}]").QuerySelectorAll(".consent"));
        var privateButtons = cut.Find($"section[data-room-id={Sample.CaucusAId}] .pane-messages").QuerySelectorAll("button");
        Assert.Equal(["May be shared"], privateButtons.Select(b => b.TextContent.Trim()));
    }
}
