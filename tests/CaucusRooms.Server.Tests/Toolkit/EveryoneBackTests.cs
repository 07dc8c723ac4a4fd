namespace CaucusRooms.Server.Tests.Toolkit;

/// <summary>"Everyone back to the joint room": each unlocked person moves (one audit entry each), the locked ones stay and are named.</summary>
public sealed class EveryoneBackTests(HubServerFixture server) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task EveryUnlockedPersonMovesToTheJointRoomWithOneAuditEntryEachAndTheLockedStay()
    {
        await using var m = await Mediation.OpenAsync(server);
        var (alicePerson, alice) = await m.JoinAsync("Alice", "Party", "Claimant", m.CaucusOf("Claimant"));
        var (bobPerson, bob) = await m.JoinAsync("Bob", "Party", "Respondent", m.CaucusOf("Respondent"));
        var (_, abe) = await m.JoinAsync("Abe", "Advisor", "Claimant", m.CaucusOf("Claimant"));
        await m.MediatorTab.Invoke(nameof(ISessionHub.Lock), bobPerson.ParticipantId);

        var result = await m.MediatorTab.Invoke<EveryoneBackDto>(nameof(ISessionHub.EveryoneBack));

        Assert.Equal(new[] { "Abe", "Alice", m.Mediator.Name }.Order(), result.Moved.Select(p => p.DisplayName).Order());
        Assert.Equal(["Bob"], result.Stayed.Select(p => p.DisplayName));
        Assert.Contains("Stayed (locked): Bob.", result.Summary, StringComparison.Ordinal);
        await alice.WaitForStateAsync(s => s.RoomId == m.Joint && s.Reason == "moved");
        await abe.WaitForStateAsync(s => s.RoomId == m.Joint);
        Assert.Equal(m.CaucusOf("Respondent"), (await bob.Invoke<MyStateDto>(nameof(ISessionHub.GetState))).RoomId);
        var trail = (await m.Mediator.Browser.GetFromJsonAsync<List<AuditEntryDto>>($"/api/sessions/{m.SessionId}/audit"))!;
        var moves = trail.Where(e => e.Kind == "Moved").ToList();
        Assert.Equal(3, moves.Count);
        Assert.Single(moves, e => e.TargetId == alicePerson.ParticipantId && e.To == "Joint");
        Assert.DoesNotContain(moves, e => e.TargetId == bobPerson.ParticipantId);
    }

    [Fact]
    public async Task WithEveryoneInTheJointRoomNobodyMovesAndNothingIsAudited()
    {
        await using var m = await Mediation.OpenAsync(server);
        await m.JoinAsync("Alice", "Party", "Claimant", m.Joint);
        await m.MediatorTab.Invoke(nameof(ISessionHub.Move), m.MediatorTab.LastState!.ParticipantId, m.Joint);

        var result = await m.MediatorTab.Invoke<EveryoneBackDto>(nameof(ISessionHub.EveryoneBack));

        Assert.Empty(result.Moved);
        Assert.Equal("Nobody was moved.", result.Summary);
        var trail = (await m.Mediator.Browser.GetFromJsonAsync<List<AuditEntryDto>>($"/api/sessions/{m.SessionId}/audit"))!;
        Assert.Single(trail, e => e.Kind == "Moved");
    }

    [Fact]
    public async Task PartiesAdvisorsAndPeopleInTheLobbyCannotBringEveryoneBack()
    {
        await using var m = await Mediation.OpenAsync(server);
        var others = await NotMediators.JoinAsync(m);

        foreach (var tab in others.Tabs)
            Assert.Equal("NotAMediator", await Refused.ReasonOf(() => tab.Invoke<EveryoneBackDto>(nameof(ISessionHub.EveryoneBack))));
        Assert.Equal(m.CaucusOf("Claimant"), (await others.Advisor.Invoke<MyStateDto>(nameof(ISessionHub.GetState))).RoomId);
    }
}
