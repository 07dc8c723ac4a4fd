namespace CaucusRooms.Server.Tests.Rooms;

public sealed class MovesAndReconnectsTests(HubServerFixture server) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task EveryTabOfAPersonFollowsAMoveBeforeTheMoveIsAcknowledged()
    {
        await using var m = await Mediation.OpenAsync(server);
        var (alice, tab1) = await m.JoinAsync("Alice", "Party", "Claimant", m.Joint);
        var (bob, bobTab) = await m.JoinAsync("Bob", "Party", "Respondent", m.Joint);
        var tab2 = await alice.OpenTabAsync(m.SessionId);

        await m.MoveAsync(alice, m.CaucusOf("Claimant"));
        // The move is acknowledged: from now on no tab of Alice's is in the joint room's delivery list.
        await bobTab.SendAsync(m.Joint, "joint-after-move");
        await m.MediatorTab.SendAsync(m.CaucusOf("Claimant"), "caucus-after-move");

        foreach (var tab in new[] { tab1, tab2 })
        {
            // Bob's joint message was sent before the caucus one: once the caucus one is recorded, a leak would be too.
            await tab.WaitForMessageAsync("caucus-after-move");
            Assert.False(tab.Saw("joint-after-move"));
            var state = await tab.WaitForStateAsync(s => s.Reason == "moved");
            Assert.Equal(m.CaucusOf("Claimant"), state.RoomId);
            Assert.Equal([m.CaucusOf("Claimant")], state.Rooms.Select(r => r.RoomId));
        }
    }

    [Fact]
    public async Task ASendToTheRoomThePersonWasJustMovedOutOfIsRefusedAndDeliveredNowhere()
    {
        await using var m = await Mediation.OpenAsync(server);
        var (alice, aliceTab) = await m.JoinAsync("Alice", "Party", "Claimant", m.Joint);
        var (bob, bobTab) = await m.JoinAsync("Bob", "Party", "Respondent", m.Joint);

        await m.MoveAsync(alice, m.CaucusOf("Claimant"));
        var reason = await Refused.ReasonOf(() => aliceTab.SendAsync(m.Joint, "typed-while-being-moved"));

        Assert.Equal("NotEntitled", reason);
        await bobTab.BarrierAsync();
        await m.MediatorTab.BarrierAsync();
        Assert.False(bobTab.Saw("typed-while-being-moved"));
        Assert.False(m.MediatorTab.Saw("typed-while-being-moved"));
        var jointHistory = await m.MediatorTab.Hub.GetHistory(m.Joint, 0L);
        Assert.DoesNotContain(jointHistory, x => x.Text == "typed-while-being-moved");
    }

    [Fact]
    public async Task AReconnectRestoresExactlyTheCurrentEntitlements()
    {
        await using var m = await Mediation.OpenAsync(server);
        var (alice, first) = await m.JoinAsync("Alice", "Party", "Claimant", m.Joint);
        await first.DisposeAsync();

        await m.MoveAsync(alice, m.CaucusOf("Claimant"));
        var again = await alice.OpenTabAsync(m.SessionId);
        var state = await again.WaitForStateAsync(s => s.Location == "Room");
        await m.MediatorTab.SendAsync(m.Joint, "joint-while-in-caucus");
        await m.MediatorTab.SendAsync(m.CaucusOf("Claimant"), "caucus-while-in-caucus");
        await again.WaitForMessageAsync("caucus-while-in-caucus");

        Assert.Equal(m.CaucusOf("Claimant"), state.RoomId);
        Assert.False(again.Saw("joint-while-in-caucus"), "a reconnect landed in the joint room");
    }

    [Fact]
    public async Task HistoryResumesAfterTheLastSeenSeqOnlyForRoomsThePersonMayReadNow()
    {
        await using var m = await Mediation.OpenAsync(server);
        var (alice, tab) = await m.JoinAsync("Alice", "Party", "Claimant", m.Joint);
        var first = await m.MediatorTab.SendAsync(m.CaucusOf("Claimant"), "one");
        await m.MediatorTab.SendAsync(m.CaucusOf("Claimant"), "two");
        await m.MediatorTab.SendAsync(m.CaucusOf("Claimant"), "three");

        var missed = await tab.Hub.GetHistory(m.CaucusOf("Claimant"), first.Seq);
        var otherSide = await Refused.ReasonOf(() => tab.Hub.GetHistory(m.CaucusOf("Respondent"), 0L));

        Assert.Equal(["two", "three"], missed.Select(x => x.Text));
        Assert.Equal("NotEntitled", otherSide);
    }

    [Fact]
    public async Task ARetriedSendReturnsTheFirstAckAndIsDeliveredOnce()
    {
        await using var m = await Mediation.OpenAsync(server);
        var (alice, tab) = await m.JoinAsync("Alice", "Party", "Claimant", m.Joint);

        var ack1 = await tab.SendAsync(m.Joint, "only once", clientMessageId: "draft-42");
        var ack2 = await tab.SendAsync(m.Joint, "only once", clientMessageId: "draft-42");
        await m.MediatorTab.WaitForMessageAsync("only once");
        await m.MediatorTab.BarrierAsync();

        Assert.Equal(ack1, ack2);
        Assert.Single(m.MediatorTab.Messages, x => x.Text == "only once");
    }

    [Fact]
    public async Task APartyAsksForTheMediatorAndOnlyMediatorsHearIt()
    {
        await using var m = await Mediation.OpenAsync(server);
        var (alice, aliceTab) = await m.JoinAsync("Alice", "Party", "Claimant", m.Joint);
        var (bob, bobTab) = await m.JoinAsync("Bob", "Party", "Respondent", m.Joint);

        await aliceTab.Hub.AskForMediator();
        // The ask reaches the mediator before Alice's call returns, but its handler may run later.
        await m.MediatorTab.WaitForAsync(m.MediatorTab.Asks, a => a.ParticipantId == alice.ParticipantId);
        await bobTab.BarrierAsync();

        Assert.Single(m.MediatorTab.Asks, a => a.ParticipantId == alice.ParticipantId && a.Side == "Claimant");
        Assert.Empty(bobTab.Asks);
        Assert.Empty(bobTab.SessionViews);
    }

    [Fact]
    public async Task APartyCannotMoveAdmitLockOrRemoveAnyoneThroughTheHub()
    {
        await using var m = await Mediation.OpenAsync(server);
        var (alice, tab) = await m.JoinAsync("Alice", "Party", "Claimant", m.Joint);
        var bob = await m.AdmitAsync("Bob", "Party", "Respondent", m.Joint);

        Assert.Equal("NotAMediator", await Refused.ReasonOf(() => tab.Hub.Move(alice.ParticipantId, m.CaucusOf("Claimant"))));
        Assert.Equal("NotAMediator", await Refused.ReasonOf(() => tab.Hub.Move(bob.ParticipantId, m.CaucusOf("Claimant"))));
        Assert.Equal("NotAMediator", await Refused.ReasonOf(() => tab.Hub.Lock(bob.ParticipantId)));
        Assert.Equal("NotAMediator", await Refused.ReasonOf(() => tab.Hub.Remove(bob.ParticipantId)));
        Assert.Equal("NotAMediator", await Refused.ReasonOf(() => tab.Hub.GetSession()));
    }

    [Fact]
    public async Task TheMediatorCannotPlaceAPartyInTheOtherSidesCaucus()
    {
        await using var m = await Mediation.OpenAsync(server);
        var alice = await m.AdmitAsync("Alice", "Party", "Claimant", m.Joint);

        Assert.Equal("RoomNotAllowed", await Refused.ReasonOf(() => m.MoveAsync(alice, m.CaucusOf("Respondent"))));
        Assert.Equal("RoomNotAllowed", await Refused.ReasonOf(() => m.MoveAsync(alice, m.MediatorsRoom)));
    }

    [Fact]
    public async Task ALockedPersonStaysWhereTheyAreUntilUnlocked()
    {
        await using var m = await Mediation.OpenAsync(server);
        var alice = await m.AdmitAsync("Alice", "Party", "Claimant", m.CaucusOf("Claimant"));

        await m.MediatorTab.Hub.Lock(alice.ParticipantId);
        Assert.Equal("Locked", await Refused.ReasonOf(() => m.MoveAsync(alice, m.Joint)));
        await m.MediatorTab.Hub.Unlock(alice.ParticipantId);
        await m.MoveAsync(alice, m.Joint);
    }

    [Fact]
    public async Task APersonInTheLobbyHearsOnlyTheirOwnStatus()
    {
        await using var m = await Mediation.OpenAsync(server);
        var alice = await m.AdmitAsync("Alice", "Party", "Claimant", m.Joint);
        var lou = await m.InviteAsync("Lou", "Party", "Claimant");
        var louTab = await lou.OpenTabAsync(m.SessionId);
        await m.MediatorTab.SendAsync(m.Joint, "joint-while-lou-waits");
        await m.MoveAsync(alice, m.CaucusOf("Claimant"));

        await lou.AcceptAgreementAsync(m.SessionId);
        await m.MediatorTab.Hub.Admit(lou.ParticipantId, m.Joint);
        var admitted = await louTab.WaitForStateAsync(s => s.Reason == "admitted");

        Assert.Empty(louTab.Messages);
        Assert.Empty(louTab.SessionViews);
        Assert.All(louTab.States, s => Assert.Equal(lou.ParticipantId, s.ParticipantId));
        Assert.Equal(m.Joint, admitted.RoomId);
        Assert.Equal("Lobby", louTab.States.First().Location);
        Assert.Empty(louTab.States.First().Rooms);
    }
}

public sealed class CloseSessionTests(HubServerFixture server) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task ClosingASessionEndsEveryConnectionAndEveryInvite()
    {
        await using var m = await Mediation.OpenAsync(server);
        var (alice, aliceTab) = await m.JoinAsync("Alice", "Party", "Claimant", m.Joint);

        Assert.Equal("NotAMediator", await Refused.ReasonOf(() => aliceTab.Hub.CloseSession()));
        await m.MediatorTab.Hub.CloseSession();

        await WhoReceivesWhatTests.WaitUntilClosedAsync(aliceTab);
        await WhoReceivesWhatTests.WaitUntilClosedAsync(m.MediatorTab);
        using var redeem = await alice.RedeemAsync(alice.InviteCode);
        Assert.Equal(System.Net.HttpStatusCode.Gone, redeem.StatusCode);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => m.Mediator.OpenTabAsync(m.SessionId));
    }
}
