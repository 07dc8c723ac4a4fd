using CaucusRooms.Client.Components.Mediator;

namespace CaucusRooms.Client.Tests.Components.Mediator;

public sealed class LobbyListTests : BunitContext
{
    private static readonly RoomDto[] Rooms =
    [
        new(Sample.JointId, "Joint", null),
        new(Sample.CaucusAId, "Caucus", "Claimant"),
        new(Sample.CaucusBId, "Caucus", "Respondent"),
        new("mediators", "Mediators", null),
    ];

    [Fact]
    public void APersonIsAdmittedToTheRoomsTheServiceOffersAndAPersonWithoutTheAgreementToNone()
    {
        PersonDto[] people =
        [
            new("a1", "Alice", "Party", "Claimant", "Lobby", null, true, "Alice Archer", 1, DateTimeOffset.UnixEpoch, false, 1, true,
                new([Sample.JointId, Sample.CaucusAId], [], false, false, true)),
            new("b1", "Bob", "Party", "Respondent", "Lobby", null, false, null, null, null, false, 1, true,
                new([], [], false, false, true)),
        ];

        var cut = Render<LobbyList>(p => p.Add(x => x.People, people).Add(x => x.Rooms, Rooms).Add(x => x.Admit, (_, _) => Task.CompletedTask));

        Assert.Equal(["Admit Alice to Joint room", "Admit Alice to Private — Claimant"], cut.FindAll("li[data-person=Alice] button").Select(b => b.TextContent));
        Assert.Empty(cut.FindAll("li[data-person=Bob] button"));
        Assert.Contains("Has not accepted the agreement yet", cut.Find("li[data-person=Bob]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Accepted the agreement as “Alice Archer”", cut.Find("li[data-person=Alice]").TextContent, StringComparison.Ordinal);
    }
}
