namespace CaucusRooms.Domain.Tests.Toolkit;

/// <summary>The ask queue: pending asks oldest first with where the person is; an answer takes an ask off; asking again while pending changes nothing.</summary>
public sealed class AskQueueRulesTests
{
    [Fact]
    public void PendingAsksAreListedOldestFirstWithTheRoomThePersonIsIn()
    {
        var s = new SessionBuilder();
        var (avery, blake) = s.Parties(s.Joint, s.CaucusB);
        s.Session.AskForMediator(blake, At.AddMinutes(1));
        s.Session.AskForMediator(avery, At.AddMinutes(2));

        Assert.Equal(
            [new PendingAsk(blake, s.CaucusB.Id, At.AddMinutes(1)), new PendingAsk(avery, s.Joint.Id, At.AddMinutes(2))],
            s.Session.PendingAsks());
    }

    [Fact]
    public void AskingAgainWhilePendingKeepsOneAskWithItsFirstTime()
    {
        var s = new SessionBuilder();
        var avery = s.AdmittedTo(s.Joint, Role.Party, s.SideA, "Avery");
        s.Session.AskForMediator(avery, At);

        Assert.Equal(RefusalReason.NoChange, s.Session.AskForMediator(avery, At.AddMinutes(3)).Refusal?.Reason);
        Assert.Equal([new PendingAsk(avery, s.Joint.Id, At)], s.Session.PendingAsks());
    }

    [Fact]
    public void AnAnsweredAskLeavesTheQueueAndCannotBeAnsweredTwice()
    {
        var s = new SessionBuilder();
        var avery = s.AdmittedTo(s.Joint, Role.Party, s.SideA, "Avery");
        s.Session.AskForMediator(avery, At);

        var answered = s.Session.AnswerAsk(s.Mediator, avery, At.AddMinutes(1));

        Assert.IsType<AskAnswered>(answered.Event);
        Assert.Empty(s.Session.PendingAsks());
        Assert.Equal(RefusalReason.NoChange, s.Session.AnswerAsk(s.Mediator, avery, At.AddMinutes(2)).Refusal?.Reason);
        Assert.True(s.Session.AskForMediator(avery, At.AddMinutes(3)).IsAccepted);
    }

    [Fact]
    public void OnlyAMediatorAnswersAnAsk()
    {
        var s = new SessionBuilder();
        var avery = s.AdmittedTo(s.Joint, Role.Party, s.SideA, "Avery");
        var abe = s.AdmittedTo(s.Joint, Role.Advisor, s.SideA, "Abe");
        s.Session.AskForMediator(avery, At);

        Assert.Equal(RefusalReason.NotAMediator, s.Session.AnswerAsk(abe, avery, At).Refusal?.Reason);
        Assert.Single(s.Session.PendingAsks());
    }
}
