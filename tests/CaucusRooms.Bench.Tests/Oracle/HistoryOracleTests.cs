using CaucusRooms.Bench.Oracle;

namespace CaucusRooms.Bench.Tests.Oracle;

/// <summary>
/// History answers are judged like live deliveries, against the readers fixed when each message was sent: crafted
/// answers that hold what was said while the caller was away are caught, honest ones are accepted.
/// </summary>
public sealed class HistoryOracleTests
{
    private readonly CraftedRun _run = new();

    /// <summary>
    /// Party A in the joint room until a move to caucus A (100…200), back from 400…500; the mediator said something
    /// in the joint room before (50…60), party B while A was away (300…320).
    /// </summary>
    private (int Before, int Away) PartyAAwayFrom200To400()
    {
        _run.Moved(Cast.PartyA, Cast.CaucusA, call: 100, ack: 200);
        _run.Moved(Cast.PartyA, Cast.Joint, call: 400, ack: 500);
        return (_run.Sent(0, Cast.Mediator, Cast.Joint, start: 50, end: 60), _run.Sent(0, Cast.PartyB, Cast.Joint, start: 300, end: 320));
    }

    [Fact]
    public void AJointMessageSaidWhileThePartyWasAwayInTheirHistoryIsCaught()
    {
        var (before, away) = PartyAAwayFrom200To400();

        Assert.False(_run.Oracle.OnHistory(0, Cast.PartyA, Cast.Joint, [(before, Cast.Joint), (away, Cast.Joint)], at: 600));

        var leak = Assert.Single(_run.Oracle.Cases);
        Assert.All(new[] { $"message #{away}", "history of the joint room that party A", "party A in caucus A" }, f => Assert.Contains(f, leak, StringComparison.Ordinal));
        Assert.Equal((1L, 1L, 2L), (_run.Oracle.Leaks, _run.Oracle.HistoryAnswers, _run.Oracle.HistoryChecked));
    }

    [Fact]
    public void HonestHistoriesAreAccepted()
    {
        var (before, away) = PartyAAwayFrom200To400();
        var back = _run.Sent(0, Cast.PartyB, Cast.Joint, start: 550, end: 560);
        var ownCaucus = _run.Sent(0, Cast.Mediator, Cast.CaucusA, start: 300, end: 310);
        var caucusB = _run.Sent(0, Cast.AdvisorB, Cast.CaucusB, start: 330, end: 340);

        // A party: what they were a reader of. A mediator: everything.
        Assert.True(_run.Oracle.OnHistory(0, Cast.PartyA, Cast.Joint, [(before, Cast.Joint), (back, Cast.Joint)], at: 600));
        Assert.True(_run.Oracle.OnHistory(0, Cast.PartyA, Cast.CaucusA, [(ownCaucus, Cast.CaucusA)], at: 600));
        Assert.True(_run.Oracle.OnHistory(0, Cast.Mediator, Cast.Joint, [(before, Cast.Joint), (away, Cast.Joint), (back, Cast.Joint)], at: 600));
        Assert.True(_run.Oracle.OnHistory(0, Cast.Mediator, Cast.CaucusB, [(caucusB, Cast.CaucusB)], at: 600));

        Assert.Equal((0L, 4L, 7L), (_run.Oracle.Leaks, _run.Oracle.HistoryAnswers, _run.Oracle.HistoryChecked));
    }

    [Fact]
    public void AMessageSentWhileTheMoveOutWasInFlightMayBeInThePartysHistory()
    {
        PartyAAwayFrom200To400();
        var duringMove = _run.Sent(0, Cast.Mediator, Cast.Joint, start: 150, end: 160);

        Assert.True(_run.Oracle.OnHistory(0, Cast.PartyA, Cast.Joint, [(duringMove, Cast.Joint)], at: 600));

        Assert.Equal(0, _run.Oracle.Leaks);
    }

    [Fact]
    public void AMessageWithoutAckYetIsJudgedUpToTheAnswer()
    {
        _run.Moved(Cast.PartyA, Cast.CaucusA, call: 100, ack: 200);
        var unanswered = _run.Sent(0, Cast.Mediator, Cast.Joint, start: 300, end: 0);

        Assert.True(_run.Oracle.OnHistory(0, Cast.Mediator, Cast.Joint, [(unanswered, Cast.Joint)], at: 350));
        Assert.False(_run.Oracle.OnHistory(0, Cast.PartyA, Cast.Joint, [(unanswered, Cast.Joint)], at: 350));

        Assert.Equal(1, _run.Oracle.Leaks);
    }

    [Fact]
    public void TheOtherSidesCaucusInAHistoryAnswerIsCaughtHoweverItIsLabelled()
    {
        var caucusB = _run.Sent(0, Cast.PartyB, Cast.CaucusB, start: 100, end: 110);

        Assert.False(_run.Oracle.OnHistory(0, Cast.PartyA, Cast.CaucusA, [(caucusB, Cast.CaucusA)], at: 200));
        Assert.Contains("re-routed", Assert.Single(_run.Oracle.Cases), StringComparison.Ordinal);
        Assert.False(_run.Oracle.OnHistory(0, Cast.PartyA, Cast.CaucusA, [(caucusB, Cast.CaucusB)], at: 200));

        Assert.Equal(2, _run.Oracle.Leaks);
    }

    [Fact]
    public void AnotherSessionsMessageOrOneNeverSentInHistoryIsCaught()
    {
        var other = _run.Sent(1, Cast.Mediator, Cast.Joint, start: 100, end: 110);

        Assert.False(_run.Oracle.OnHistory(0, Cast.PartyA, Cast.Joint, [(other, Cast.Joint), (77, Cast.Joint)], at: 200));

        Assert.Equal(2, _run.Oracle.Leaks);
        Assert.Contains(_run.Oracle.Cases, c => c.Contains("of session 1", StringComparison.Ordinal));
        Assert.Contains(_run.Oracle.Cases, c => c.Contains("never sent", StringComparison.Ordinal));
    }

    [Fact]
    public void ARefusedSendFoundInAHistoryAnswerIsCaughtAfterThePhase()
    {
        var refused = _run.Sent(0, Cast.PartyA, Cast.Joint, start: 100, end: 110, SendStatus.Refused);
        Assert.True(_run.Oracle.OnHistory(0, Cast.AdvisorA, Cast.Joint, [(refused, Cast.Joint)], at: 200));

        _run.Oracle.AfterPhase(0, refused);

        Assert.Contains("yet in a history answer", Assert.Single(_run.Oracle.Cases), StringComparison.Ordinal);
    }
}
