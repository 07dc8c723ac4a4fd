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

    private static PersonDto Person(string id, string name, string role, string? side, string location, string? roomId, PersonActionsDto? actions = null, bool locked = false) =>
        new(id, name, role, side, location, roomId, true, name, 1, DateTimeOffset.UnixEpoch, locked, 1, true, actions);

    private static PersonActionsDto Actions(string[]? moveTo = null, bool mayLock = false, bool mayUnlock = false, bool mayRemove = false) =>
        new([], moveTo ?? [], mayLock, mayUnlock, mayRemove);

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
    public async Task APersonIsMovedWithOneButtonPerRoomTheServiceOffers()
    {
        var cut = RenderBoard(Session(
            Person("m1", "Morgan", "Mediator", null, "Room", "mediators", Actions(moveTo: [Sample.JointId], mayLock: true)),
            Person("a1", "Alice", "Party", "Claimant", "Room", Sample.JointId, Actions(moveTo: [Sample.CaucusAId], mayLock: true, mayRemove: true))));

        Assert.Equal(["Move Alice to Private — Claimant", "Lock Alice", "Remove Alice…"], Buttons(cut, "Alice"));
        // A mediator may be locked too (the domain allows it), but not removed by themselves: the service said so.
        Assert.Equal(["Move Morgan to Joint room", "Lock Morgan"], Buttons(cut, "Morgan"));

        await cut.FindAll("li[data-person=Alice] button").Single(b => b.TextContent == "Move Alice to Private — Claimant").ClickAsync(new());
        Assert.Equal([("a1", Sample.CaucusAId)], _moves);
    }

    [Fact]
    public void ALockedPersonIsOfferedUnlockAndNoMove()
    {
        var cut = RenderBoard(Session(Person("a1", "Alice", "Party", "Claimant", "Room", Sample.CaucusAId, Actions(mayUnlock: true, mayRemove: true), locked: true)));

        Assert.Equal(["Unlock Alice", "Remove Alice…"], Buttons(cut, "Alice"));
        Assert.Contains("locked", cut.Find("li[data-person=Alice] .locked").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void AViewWithoutActionsOffersNothing()
    {
        var cut = RenderBoard(Session(Person("a1", "Alice", "Party", "Claimant", "Room", Sample.JointId)));

        Assert.Empty(Buttons(cut, "Alice"));
    }

    private static List<string> Buttons(IRenderedComponent<RoomBoard> cut, string person) =>
        [.. cut.FindAll($"li[data-person={person}] button").Select(b => b.TextContent)];

    [Fact]
    public async Task RemovingAPersonTakesAConfirmation()
    {
        var removed = new List<string>();
        var cut = Render<RoomBoard>(p => p
            .Add(x => x.Session, Session(Person("a1", "Alice", "Party", "Claimant", "Room", Sample.JointId, Actions(mayRemove: true))))
            .Add(x => x.Move, (_, _) => Task.CompletedTask)
            .Add(x => x.SetLocked, (_, _) => Task.CompletedTask)
            .Add(x => x.Remove, person => { removed.Add(person.DisplayName); return Task.CompletedTask; }));

        await cut.FindAll("button").Single(b => b.TextContent == "Remove Alice…").ClickAsync(new());
        Assert.Empty(removed);
        await cut.FindAll("button").Single(b => b.TextContent == "Confirm: remove Alice").ClickAsync(new());

        Assert.Equal(["Alice"], removed);
    }
}
