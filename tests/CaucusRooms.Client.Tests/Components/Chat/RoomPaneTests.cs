using CaucusRooms.Client.Components.Chat;
using CaucusRooms.Client.Components.Status;
using Microsoft.Extensions.DependencyInjection;

namespace CaucusRooms.Client.Tests.Components.Chat;

public sealed class RoomPaneTests : BunitContext
{
    private readonly LeakDiagnostics _diagnostics = new();

    public RoomPaneTests()
    {
        Services.AddSingleton(_diagnostics);
        ComposerModule.Plan(JSInterop);
    }

    [Fact]
    public void APaneNeverRendersAMessageOfAnotherRoom()
    {
        var messages = new[]
        {
            Sample.Message(Sample.JointId, "Shall we begin?"),
            Sample.Message(Sample.CaucusAId, "my secret bottom line"),
            Sample.Message(Sample.JointId, "Yes, please."),
        };

        var cut = Render<RoomPane>(p => p.Add(x => x.Room, Sample.Joint).Add(x => x.Messages, messages));

        Assert.Equal(2, cut.FindAll(".pane-messages li").Count);
        Assert.DoesNotContain("secret bottom line", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("Shall we begin?", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void AMessageOfAnotherRoomIsCountedOnceInTheVisibleDiagnostics()
    {
        var stray = Sample.Message(Sample.CaucusBId, "respondent's private offer");
        var cut = Render<RoomPane>(p => p.Add(x => x.Room, Sample.CaucusA).Add(x => x.Messages, [stray]));
        var counter = Render<LeakCounter>();

        cut.Render(p => p.Add(x => x.Messages, [stray, Sample.Message(Sample.CaucusAId, "hello")]));

        Assert.Equal(1, cut.Instance.DroppedHere);
        Assert.Equal(1, _diagnostics.DroppedCount);
        counter.WaitForAssertion(() => Assert.Equal("Diagnostics: 1 misrouted message dropped", counter.Find("p").TextContent.Trim()));
        Assert.DoesNotContain("private offer", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void JointAndPrivatePanesDifferInColourIconLabelAndWhatScreenReadersHear()
    {
        var cut = Render<RoomPane>(p => p.Add(x => x.Room, Sample.Joint));
        var caucusCut = Render<RoomPane>(p => p.Add(x => x.Room, Sample.CaucusA));

        var jointSection = cut.Find("section");
        var caucusSection = caucusCut.Find("section");
        Assert.Contains("pane-joint", jointSection.ClassName, StringComparison.Ordinal);
        Assert.Contains("pane-private", caucusSection.ClassName, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("svg.room-icon-joint"));
        Assert.NotNull(caucusCut.Find("svg.room-icon-caucus"));

        // The region's accessible name is its heading; its description says who reads it.
        Assert.Equal("Joint room", cut.Find($"#{jointSection.GetAttribute("aria-labelledby")}").TextContent);
        Assert.Equal("Private — Claimant and mediator", caucusCut.Find($"#{caucusSection.GetAttribute("aria-labelledby")}").TextContent);
        Assert.Equal("Joint room: everyone in the joint room reads this.", cut.Find($"#{jointSection.GetAttribute("aria-describedby")}").TextContent);
        Assert.Equal("Private room: only Claimant and the mediator read this.", caucusCut.Find($"#{caucusSection.GetAttribute("aria-describedby")}").TextContent);
        Assert.Equal("true", cut.Find("svg").GetAttribute("aria-hidden"));
    }

    [Fact]
    public void MessagesSitInALabelledLogAndTheComposerHasALabelAndANamedButton()
    {
        var sender = new RecordingSender();
        var cut = Render<RoomPane>(p => p.Add(x => x.Room, Sample.CaucusA).Add(x => x.Send, sender.SendAsync));

        var log = cut.Find("[role=log]");
        Assert.Equal("Messages in Private — Claimant and mediator", log.GetAttribute("aria-label"));
        var textarea = cut.Find("textarea");
        Assert.Equal("Write in Private — Claimant and mediator", cut.Find($"label[for={textarea.Id}]").TextContent);
        Assert.Equal("Send to Private — Claimant and mediator", cut.Find("button[type=submit]").TextContent);
    }

    [Fact]
    public void OnTheMediatorsScreenEachPaneSaysWhoIsInItNowAndTheJointRoomSaysEveryoneOnlyWhenAllAreThere()
    {
        RoomDto[] rooms = [new(Sample.JointId, "Joint", null), new(Sample.CaucusAId, "Caucus", "Claimant"), new(Sample.CaucusBId, "Caucus", "Respondent")];
        var board = new SessionViewDto("s", "T", false, 3, "A", 1, rooms,
        [
            Person("Morgan", "Mediator", Sample.JointId), Person("Alice", "Party", Sample.JointId), Person("Bob", "Party", Sample.CaucusBId),
            Person("Lou", "Party", null),
        ], true);
        var allBack = board with
        {
            Rooms = [.. rooms.Select(r => r.RoomId == Sample.JointId ? r with { EveryoneHere = true } : r)],
            People = [.. board.People.Select(p => p.Location == "Room" ? p with { RoomId = Sample.JointId } : p)],
        };
        // The service decides "everyone": the same people in the joint room without its word is not "Everyone".
        var notTold = Render<RoomPane>(p => p.Add(x => x.Room, Sample.Joint).Add(x => x.HereNow, HereNow.FromBoard(allBack with { Rooms = rooms }, Sample.JointId)).Add(x => x.ForMediator, true));

        var joint = Render<RoomPane>(p => p.Add(x => x.Room, Sample.Joint).Add(x => x.HereNow, HereNow.FromBoard(board, Sample.JointId)).Add(x => x.ForMediator, true));
        var caucusB = Render<RoomPane>(p => p.Add(x => x.Room, Sample.CaucusB).Add(x => x.HereNow, HereNow.FromBoard(board, Sample.CaucusBId)).Add(x => x.ForMediator, true));
        var caucusA = Render<RoomPane>(p => p.Add(x => x.Room, Sample.CaucusA).Add(x => x.HereNow, HereNow.FromBoard(board, Sample.CaucusAId)).Add(x => x.ForMediator, true));
        var everyone = Render<RoomPane>(p => p.Add(x => x.Room, Sample.Joint).Add(x => x.HereNow, HereNow.FromBoard(allBack, Sample.JointId)).Add(x => x.ForMediator, true));

        // Parties by name first, then mediators, whatever order the board lists them in.
        Assert.Equal("Joint room — here now: Alice, Morgan (mediator)", joint.Find("h2").TextContent);
        Assert.Equal("Here now: Bob", caucusB.Find(".pane-here-now").TextContent);
        Assert.Equal("Nobody is in this room now.", caucusA.Find(".pane-here-now").TextContent);
        Assert.Equal("Everyone", everyone.Find("h2").TextContent);
        Assert.NotEqual("Everyone", notTold.Find("h2").TextContent);
    }

    private static PersonDto Person(string name, string role, string? roomId) =>
        new($"id-{name}", name, role, role == "Mediator" ? null : "Claimant", roomId is null ? "Lobby" : "Room", roomId, true, name, 1, null, false, 1, true);

    [Fact]
    public void APanesComposerSaysWhoTheServerSaysWillReadIt()
    {
        var readers = new RoomReadersDto(Sample.CaucusAId, [new("id-Alice", "Alice", "Party"), new("id-Avery", "Avery", "Party"), new("id-Morgan", "Morgan", "Mediator")]);
        var sender = new RecordingSender();

        var cut = Render<RoomPane>(p => p.Add(x => x.Room, Sample.CaucusA).Add(x => x.Send, sender.SendAsync)
            .Add(x => x.MyParticipantId, "id-Alice").Add(x => x.Readers, readers));

        Assert.Equal("To: Avery and the mediator", cut.Find("form[data-room-id=caucus-claimant] .composer-to").TextContent);
    }
}

