namespace CaucusRooms.Server.Tests.Sessions;

/// <summary>The service tells each screen what it may offer; the screens decide no rule of their own.</summary>
public sealed class OfferedActionsTests(HubServerFixture server) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task TheMediatorsViewOffersEachPersonExactlyTheMovesTheServiceAccepts()
    {
        await using var m = await Mediation.OpenAsync(server);
        var alice = await m.AdmitAsync("Alice", "Party", "Claimant", m.Joint);

        var view = await m.MediatorTab.Hub.GetSession();
        var offered = Actions(view, alice.ParticipantId);
        var own = Actions(view, view.People.Single(p => p.Role == "Mediator").ParticipantId);

        Assert.Equal([m.CaucusOf("Claimant")], offered.MoveTo);
        Assert.True(offered.MayLock && offered.MayRemove && !offered.MayUnlock);
        Assert.Contains(m.Joint, own.MoveTo);
        Assert.False(own.MayRemove);
        foreach (var room in m.Rooms.Select(r => r.RoomId).Except(offered.MoveTo).Except([m.Joint]))
            Assert.Equal("RoomNotAllowed", await Refused.ReasonOf(() => m.MoveAsync(alice, room)));
        await m.MoveAsync(alice, offered.MoveTo.Single());

        await m.MediatorTab.Hub.Lock(alice.ParticipantId);
        var locked = Actions(await m.MediatorTab.Hub.GetSession(), alice.ParticipantId);
        Assert.Empty(locked.MoveTo);
        Assert.True(locked.MayUnlock && !locked.MayLock);
    }

    [Fact]
    public async Task EachPersonsRoomsSayWhoDecidesConsentWhoAsksAndWhereItemsMayBeShared()
    {
        await using var m = await Mediation.OpenAsync(server);
        var (_, aliceTab) = await m.JoinAsync("Alice", "Party", "Claimant", m.Joint);

        var alice = await aliceTab.Hub.GetState();
        var mediator = await m.MediatorTab.Hub.GetState();

        Assert.True(Room(alice, m.CaucusOf("Claimant")).DecidesConsent);
        Assert.False(Room(alice, m.Joint).DecidesConsent);
        Assert.All(alice.Rooms, r => Assert.False(r.AsksForConsent));
        Assert.All(alice.Rooms, r => Assert.Empty(r.RelayTo ?? []));

        var claimant = Room(mediator, m.CaucusOf("Claimant"));
        Assert.True(claimant.AsksForConsent);
        Assert.False(claimant.DecidesConsent);
        Assert.Equal(new[] { m.Joint, m.CaucusOf("Respondent") }.Order(), (claimant.RelayTo ?? []).Order());
        Assert.Empty(Room(mediator, m.Joint).RelayTo ?? []);
        Assert.Empty(Room(mediator, m.MediatorsRoom).RelayTo ?? []);
    }

    [Fact]
    public async Task TheBoardSaysARoomHoldsEveryoneOnlyWhileEveryAdmittedPersonIsInIt()
    {
        await using var m = await Mediation.OpenAsync(server);
        var alice = await m.AdmitAsync("Alice", "Party", "Claimant", m.Joint);
        var mediator = (await Board(m)).People.Single(p => p.Role == "Mediator");
        await m.MediatorTab.Invoke(nameof(ISessionHub.Move), mediator.ParticipantId, m.Joint);
        await m.InviteAsync("Lou", "Party", "Respondent"); // in the lobby: not admitted, so not counted

        Assert.Equal([m.Joint], EveryoneIn(await Board(m)));
        await m.MoveAsync(alice, m.CaucusOf("Claimant"));
        Assert.Empty(EveryoneIn(await Board(m)));
        await m.MoveAsync(alice, m.Joint);
        Assert.Equal([m.Joint], EveryoneIn(await Board(m)));
    }

    private static Task<SessionViewDto> Board(Mediation m) => m.MediatorTab.Invoke<SessionViewDto>(nameof(ISessionHub.GetSession));

    private static string[] EveryoneIn(SessionViewDto view) => [.. view.Rooms.Where(r => r.EveryoneHere).Select(r => r.RoomId)];

    private static PersonActionsDto Actions(SessionViewDto view, string person) =>
        view.People.Single(p => p.ParticipantId == person).Actions ?? throw new InvalidOperationException("The view carries no actions.");

    private static MyRoomDto Room(MyStateDto state, string roomId) => state.Rooms.Single(r => r.RoomId == roomId);
}
