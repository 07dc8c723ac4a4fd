using CaucusRooms.Client.Components.Mediator;

namespace CaucusRooms.Client.Tests.Components.Mediator;

public sealed class RoomBoardTests : BunitContext
{
    private static readonly RoomDto[] Rooms =
    [
        new(Sample.JointId, "Joint", null),
        new(Sample.CaucusAId, "Caucus", "Claimant"),
        new(Sample.CaucusBId, "Caucus", "Respondent"),
        new("mediators", "Mediators", null),
    ];

    private readonly List<(string Person, string Room)> _moves = [];

    private static PersonDto Person(string id, string name, string role, string? side, string location, string? roomId, bool locked = false) =>
        new(id, name, role, side, location, roomId, true, name, 1, DateTimeOffset.UnixEpoch, locked, 1, true);

    private static SessionViewDto Session(params PersonDto[] people) =>
        new("s1", "Fence", false, 3, "Agreement", 1, Rooms, people);

    private IRenderedComponent<RoomBoard> RenderBoard(SessionViewDto session) =>
        Render<RoomBoard>(p => p
            .Add(x => x.Session, session)
            .Add(x => x.MyParticipantId, "m1")
            .Add(x => x.Move, (person, room) => { _moves.Add((person.ParticipantId, room)); return Task.CompletedTask; })
            .Add(x => x.SetLocked, (_, _) => Task.CompletedTask)
            .Add(x => x.Remove, _ => Task.CompletedTask));

    [Fact]
    public async Task APartyIsMovedWithOneButtonAndIsNeverOfferedTheOtherSidesPrivateRoom()
    {
        var cut = RenderBoard(Session(
            Person("m1", "Morgan", "Mediator", null, "Room", "mediators"),
            Person("a1", "Alice", "Party", "Claimant", "Room", Sample.JointId)));

        var alicesMoves = cut.FindAll("li[data-person=Alice] button").Select(b => b.TextContent).Where(t => t.StartsWith("Move", StringComparison.Ordinal)).ToList();
        Assert.Equal(["Move Alice to Private — Claimant"], alicesMoves);

        await cut.FindAll("li[data-person=Alice] button").Single(b => b.TextContent == "Move Alice to Private — Claimant").ClickAsync(new());
        Assert.Equal([("a1", Sample.CaucusAId)], _moves);
    }

    [Fact]
    public void ALockedPersonCannotBeMovedUntilUnlocked()
    {
        var cut = RenderBoard(Session(Person("a1", "Alice", "Party", "Claimant", "Room", Sample.CaucusAId, locked: true)));

        Assert.True(cut.Find("li[data-person=Alice] button").HasAttribute("disabled"));
        Assert.Contains(cut.FindAll("li[data-person=Alice] button"), b => b.TextContent == "Unlock Alice");
    }

    [Fact]
    public async Task RemovingAPersonTakesAConfirmation()
    {
        var removed = new List<string>();
        var cut = Render<RoomBoard>(p => p
            .Add(x => x.Session, Session(Person("a1", "Alice", "Party", "Claimant", "Room", Sample.JointId)))
            .Add(x => x.Move, (_, _) => Task.CompletedTask)
            .Add(x => x.SetLocked, (_, _) => Task.CompletedTask)
            .Add(x => x.Remove, person => { removed.Add(person.DisplayName); return Task.CompletedTask; }));

        await cut.FindAll("button").Single(b => b.TextContent == "Remove Alice…").ClickAsync(new());
        Assert.Empty(removed);
        await cut.FindAll("button").Single(b => b.TextContent == "Confirm: remove Alice").ClickAsync(new());

        Assert.Equal(["Alice"], removed);
    }
}
