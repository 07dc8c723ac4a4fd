namespace CaucusRooms.Server.Tests.Toolkit;

/// <summary>The ask queue: mediators see pending asks with time and room; an answer reaches the asker's side in their private room and takes the ask off.</summary>
public sealed class AskQueueTests(HubServerFixture server) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task AnAskIsQueuedOnceAndTheAnswerReachesTheAskersPrivateRoomOnly()
    {
        await using var m = await Mediation.OpenAsync(server);
        var (alicePerson, alice) = await m.JoinAsync("Alice", "Party", "Claimant", m.Joint);
        var (_, bob) = await m.JoinAsync("Bob", "Party", "Respondent", m.Joint);

        await alice.Invoke(nameof(ISessionHub.AskForMediator));
        Assert.Equal("NoChange", await Refused.ReasonOf(() => alice.Invoke(nameof(ISessionHub.AskForMediator))));
        var queued = await m.MediatorTab.WaitForAsync(m.MediatorTab.SessionViews, v => v.Asks?.Count > 0);
        var ask = Assert.Single(queued.Asks!);
        Assert.Equal((alicePerson.ParticipantId, "Alice", "Claimant", m.Joint), (ask.ParticipantId, ask.DisplayName, ask.Side, ask.RoomId));
        Assert.Single((await m.MediatorTab.Invoke<SessionViewDto>(nameof(ISessionHub.GetSession))).Asks!);

        await m.MediatorTab.Invoke<SendAck>(nameof(ISessionHub.AnswerAsk), alicePerson.ParticipantId, "Coming in 2 minutes");

        var answer = await alice.WaitForMessageAsync("Coming in 2 minutes");
        Assert.Equal((m.CaucusOf("Claimant"), MessageKinds.AskAnswer), (answer.RoomId, answer.Kind));
        await m.MediatorTab.WaitForAsync(m.MediatorTab.SessionViews, v => v.Version > queued.Version && v.Asks is { Count: 0 });
        await m.MediatorTab.SendAsync(m.Joint, "a later word to everyone");
        await bob.WaitForMessageAsync("a later word to everyone");
        Assert.False(bob.Saw("Coming in 2 minutes"));
        Assert.Equal("NoChange", await Refused.ReasonOf(() => m.MediatorTab.Invoke<SendAck>(nameof(ISessionHub.AnswerAsk), alicePerson.ParticipantId, "Again")));
    }

    [Fact]
    public async Task PartiesAdvisorsAndPeopleInTheLobbyCannotAnswerAsks()
    {
        await using var m = await Mediation.OpenAsync(server);
        var others = await NotMediators.JoinAsync(m);
        await others.Party.Invoke(nameof(ISessionHub.AskForMediator));

        foreach (var tab in others.Tabs)
            Assert.Equal("NotAMediator", await Refused.ReasonOf(() => tab.Invoke<SendAck>(nameof(ISessionHub.AnswerAsk), others.Alice.ParticipantId, "I will answer myself")));
        Assert.Equal("InvalidInput", await Refused.ReasonOf(() => m.MediatorTab.Invoke<SendAck>(nameof(ISessionHub.AnswerAsk), others.Alice.ParticipantId, "")));
        Assert.Single((await m.MediatorTab.Invoke<SessionViewDto>(nameof(ISessionHub.GetSession))).Asks!);
        Assert.False(others.Party.Saw("I will answer myself"));
    }
}
