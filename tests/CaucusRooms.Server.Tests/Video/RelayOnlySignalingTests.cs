using System.Text.Json;

namespace CaucusRooms.Server.Tests.Video;

/// <summary>With TURN configured, the hub relays signals without any host or reflexive address of the sender.</summary>
public sealed class RelayOnlySignalingTests(RelayOnlyServerFixture server) : IClassFixture<RelayOnlyServerFixture>
{
    [Fact]
    public async Task TheIceEndpointAsksForRelayOnlyIceWithTurnCredentials()
    {
        await using var m = await Mediation.OpenAsync(server);

        var ice = await m.Mediator.Browser.GetFromJsonAsync<IceConfigDto>($"/api/sessions/{m.SessionId}/ice");

        Assert.Equal("relay", ice!.IceTransportPolicy);
        var turn = Assert.Single(ice.IceServers);
        Assert.Equal([RelayOnlyServerFixture.TurnUrl], turn.Urls);
        Assert.False(string.IsNullOrEmpty(turn.Username));
        Assert.False(string.IsNullOrEmpty(turn.Credential));
    }

    [Fact]
    public async Task AnAnswerArrivesWithItsRelayCandidateOnlyAndNoAddressOfTheSender()
    {
        await using var m = await Mediation.OpenAsync(server);
        var (alice, aliceTab) = await m.JoinAsync("Alice", "Party", "Claimant", m.Joint);
        var (bob, bobTab) = await m.JoinAsync("Bob", "Party", "Respondent", m.Joint);

        await aliceTab.Hub.RelaySignal(bob.ParticipantId, CandidateFilterTests.Answer);
        // Signals arrive in order: once one is in, any before it would be too.
        await bobTab.WaitForAsync(bobTab.Signals, _ => true);

        var signal = Assert.Single(bobTab.Signals);
        Assert.Equal(alice.ParticipantId, signal.FromParticipantId);
        using var json = JsonDocument.Parse(signal.Payload);
        CandidateFilterTests.HoldsOnlyTheRelayAddress(json.RootElement.GetProperty("sdp").GetString()!);
    }

    [Fact]
    public async Task ATrickledHostOrReflexiveCandidateReachesNobodyWhileARelayCandidateDoes()
    {
        await using var m = await Mediation.OpenAsync(server);
        var (_, aliceTab) = await m.JoinAsync("Alice", "Party", "Claimant", m.Joint);
        var (bob, bobTab) = await m.JoinAsync("Bob", "Party", "Respondent", m.Joint);

        await aliceTab.Hub.RelaySignal(bob.ParticipantId, CandidateFilterTests.Trickled("candidate:1 1 udp 2122260223 192.0.2.10 54321 typ host generation 0"));
        await aliceTab.Hub.RelaySignal(bob.ParticipantId, CandidateFilterTests.Trickled("candidate:3 1 udp 1686052607 198.51.100.7 50123 typ srflx raddr 192.0.2.10 rport 54321"));
        await aliceTab.Hub.RelaySignal(bob.ParticipantId, CandidateFilterTests.Trickled("candidate:6 1 udp 41885439 203.0.113.5 49170 typ relay raddr 198.51.100.7 rport 50123"));
        // Signals arrive in order: once one is in, any before it would be too.
        await bobTab.WaitForAsync(bobTab.Signals, _ => true);

        var signal = Assert.Single(bobTab.Signals);
        Assert.Contains("203.0.113.5 49170 typ relay raddr 0.0.0.0 rport 0", signal.Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARelayToSomeoneInAnotherRoomIsStillRefused()
    {
        await using var m = await Mediation.OpenAsync(server);
        var (alice, aliceTab) = await m.JoinAsync("Alice", "Party", "Claimant", m.Joint);
        var (_, bobTab) = await m.JoinAsync("Bob", "Party", "Respondent", m.Joint);
        await m.MoveAsync(alice, m.CaucusOf("Claimant"));

        Assert.Equal("NotEntitled", await Refused.ReasonOf(() => bobTab.Hub.RelaySignal(alice.ParticipantId, CandidateFilterTests.Answer)));
        await aliceTab.BarrierAsync();
        Assert.Empty(aliceTab.Signals);
    }
}
