namespace CaucusRooms.Server.Tests.Video;

/// <summary>Invariant 8 on the hub: signaling passes only between two people located in the same room.</summary>
public sealed class SignalingTests(HubServerFixture server) : IClassFixture<HubServerFixture>
{
    private const string Offer = """{"type":"offer","sdp":"v=0 canary-sdp"}""";

    [Fact]
    public async Task AnOfferReachesSomeoneInTheSameRoomUnchanged()
    {
        await using var m = await Mediation.OpenAsync(server);
        var (alice, aliceTab, bob, bobTab) = await TwoPartiesInTheJointRoom(m);

        await aliceTab.Hub.RelaySignal(bob.ParticipantId, Offer);
        await bobTab.WaitForAsync(bobTab.Signals, _ => true);
        await bobTab.BarrierAsync();

        var signal = Assert.Single(bobTab.Signals);
        Assert.Equal((alice.ParticipantId, Offer), (signal.FromParticipantId, signal.Payload));
    }

    [Fact]
    public async Task AHostileRelayTowardsSomeoneInAnotherRoomIsRefusedAndNothingArrives()
    {
        await using var m = await Mediation.OpenAsync(server);
        var (alice, aliceTab, bob, bobTab) = await TwoPartiesInTheJointRoom(m);
        await m.MoveAsync(alice, m.CaucusOf("Claimant"));
        await m.MediatorTab.Hub.Move(m.MediatorTab.LastState!.ParticipantId, m.CaucusOf("Claimant"));

        Assert.Equal("NotEntitled", await Refused.ReasonOf(() => bobTab.Hub.RelaySignal(alice.ParticipantId, Offer)));
        Assert.Equal("NotEntitled", await Refused.ReasonOf(() => bobTab.Hub.RelaySignal(m.MediatorTab.LastState!.ParticipantId, Offer)));
        Assert.Equal("NotEntitled", await Refused.ReasonOf(() => aliceTab.Hub.RelaySignal(bob.ParticipantId, Offer)));
        await m.MediatorTab.Hub.RelaySignal(alice.ParticipantId, Offer);
        // The refused relays were tried first: once the mediator's signal is recorded, any of theirs would be too.
        await aliceTab.WaitForAsync(aliceTab.Signals, _ => true);

        Assert.Equal([m.MediatorTab.LastState!.ParticipantId], aliceTab.Signals.Select(x => x.FromParticipantId));
    }

    [Fact]
    public async Task AfterAMoveEachSideHearsWhoIsInItsRoomNow()
    {
        await using var m = await Mediation.OpenAsync(server);
        var (alice, aliceTab, bob, bobTab) = await TwoPartiesInTheJointRoom(m);

        await m.MoveAsync(alice, m.CaucusOf("Claimant"));
        // The rosters are sent before the move returns; their handlers may run later.
        await aliceTab.WaitForAsync(aliceTab.Rosters, r => r.RoomId == m.CaucusOf("Claimant"));
        await bobTab.WaitForAsync(bobTab.Rosters, r => r.People.All(p => p.ParticipantId != alice.ParticipantId));

        var aliceSees = aliceTab.Rosters.Last();
        var bobSees = bobTab.Rosters.Last();
        Assert.Equal(m.CaucusOf("Claimant"), aliceSees.RoomId);
        Assert.Equal([alice.ParticipantId], aliceSees.People.Select(p => p.ParticipantId));
        Assert.Equal([bob.ParticipantId], bobSees.People.Select(p => p.ParticipantId));
        Assert.True(aliceSees.MuteOnArrival);
        Assert.StartsWith("Private", aliceSees.Label, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OversizeOrMalformedSignalsAreRefused()
    {
        await using var m = await Mediation.OpenAsync(server);
        var (_, aliceTab, bob, bobTab) = await TwoPartiesInTheJointRoom(m);

        Assert.Equal("InvalidInput", await Refused.ReasonOf(() => aliceTab.Hub.RelaySignal(bob.ParticipantId, "{not json")));
        Assert.Equal("InvalidInput", await Refused.ReasonOf(() => aliceTab.Hub.RelaySignal(bob.ParticipantId, "\"" + new string('a', HubPaths.MaxSignalLength) + "\"")));
        Assert.Equal("NotEntitled", await Refused.ReasonOf(() => aliceTab.Hub.RelaySignal(Guid.NewGuid().ToString(), Offer)));
        await bobTab.BarrierAsync();
        Assert.Empty(bobTab.Signals);
    }

    [Fact]
    public async Task OnlyAMediatorTurnsMutingOnArrivalOff()
    {
        await using var m = await Mediation.OpenAsync(server);
        var (_, aliceTab, _, _) = await TwoPartiesInTheJointRoom(m);

        Assert.Equal("NotAMediator", await Refused.ReasonOf(() => aliceTab.Hub.SetMuteOnArrival(false)));
        await m.MediatorTab.Hub.SetMuteOnArrival(false);

        Assert.False((await aliceTab.Hub.GetMediaRoster()).MuteOnArrival);
    }

    [Fact]
    public async Task IceServersComeWithTurnCredentialsOnlyForPeopleInARoom()
    {
        await using var m = await Mediation.OpenAsync(server);
        var lou = await m.InviteAsync("Lou", "Party", "Claimant");

        var mine = await m.Mediator.Browser.GetFromJsonAsync<IceConfigDto>($"/api/sessions/{m.SessionId}/ice");
        using var lobby = await lou.Browser.GetAsync($"/api/sessions/{m.SessionId}/ice");

        Assert.NotNull(mine);
        Assert.Equal(HttpStatusCode.NotFound, lobby.StatusCode);
        // No TURN configured here: browsers may use their own addresses (the README says what that exposes).
        Assert.Equal("all", mine.IceTransportPolicy);
    }

    private static async Task<(Person Alice, Tab AliceTab, Person Bob, Tab BobTab)> TwoPartiesInTheJointRoom(Mediation m)
    {
        var (alice, aliceTab) = await m.JoinAsync("Alice", "Party", "Claimant", m.Joint);
        var (bob, bobTab) = await m.JoinAsync("Bob", "Party", "Respondent", m.Joint);
        await m.MediatorTab.WaitForStateAsync(_ => true);
        return (alice, aliceTab, bob, bobTab);
    }
}
