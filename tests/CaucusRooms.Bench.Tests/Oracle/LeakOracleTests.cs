using CaucusRooms.Bench.Oracle;

namespace CaucusRooms.Bench.Tests.Oracle;

/// <summary>The oracle must be able to fail: crafted deliveries that leak are caught, honest ones are not.</summary>
public sealed class LeakOracleTests
{
    private readonly CraftedRun _run = new();

    [Fact]
    public void ACaucusMessageDeliveredToTheOtherSideIsCaught()
    {
        var no = _run.Sent(0, Cast.PartyA, Cast.CaucusA, start: 100, end: 120);

        Assert.False(_run.Oracle.OnDelivery(0, Cast.PartyB, no, Cast.CaucusA, at: 110));

        Assert.Equal(1, _run.Oracle.Leaks);
        var leak = Assert.Single(_run.Oracle.Cases);
        Assert.Contains("party B", leak, StringComparison.Ordinal);
        Assert.Contains("caucus A", leak, StringComparison.Ordinal);
    }

    [Fact]
    public void ACaucusMessageDeliveredToItsOwnSideAndTheMediatorIsNotALeak()
    {
        var no = _run.Sent(0, Cast.PartyA, Cast.CaucusA, start: 100, end: 120);

        Assert.True(_run.Oracle.OnDelivery(0, Cast.AdvisorA, no, Cast.CaucusA, at: 110));
        Assert.True(_run.Oracle.OnDelivery(0, Cast.Mediator, no, Cast.CaucusA, at: 111));

        Assert.Equal(0, _run.Oracle.Leaks);
    }

    [Fact]
    public void AJointMessageReachingAPartyMovedOutBeforeItWasSentIsCaught()
    {
        _run.Moved(Cast.PartyA, Cast.CaucusA, call: 100, ack: 200);
        var no = _run.Sent(0, Cast.Mediator, Cast.Joint, start: 300, end: 320);

        Assert.False(_run.Oracle.OnDelivery(0, Cast.PartyA, no, Cast.Joint, at: 310));

        Assert.Contains("party A in caucus A", Assert.Single(_run.Oracle.Cases), StringComparison.Ordinal);
    }

    [Fact]
    public void AJointMessageSentWhileTheMoveWasInFlightMayStillReachTheMovedParty()
    {
        _run.First.BeginMove(Cast.PartyA, Cast.CaucusA, at: 100);
        var no = _run.Sent(0, Cast.Mediator, Cast.Joint, start: 150, end: 160);

        Assert.True(_run.Oracle.OnDelivery(0, Cast.PartyA, no, Cast.Joint, at: 155));
        _run.First.EndMove(accepted: true, at: 200);

        Assert.Equal(0, _run.Oracle.Leaks);
    }

    [Fact]
    public void ASendThatTimedOutOnTheClientIsJudgedUpToItsDeliveryNotUpToTheTimeout()
    {
        _run.Moved(Cast.PartyA, Cast.CaucusA, call: 50, ack: 60);
        var timedOut = _run.Sent(0, Cast.Mediator, Cast.Joint, start: 100, end: 130, status: SendStatus.Failed);
        _run.Moved(Cast.PartyA, Cast.Joint, call: 300, ack: 310);

        // Still in caucus A at 200, whenever the server stored it: a leak.
        Assert.False(_run.Oracle.OnDelivery(0, Cast.PartyA, timedOut, Cast.Joint, at: 200));
        // Back in the joint room by 310: the server may have stored it after the client gave up, with party A a reader.
        Assert.True(_run.Oracle.OnDelivery(0, Cast.AdvisorA, timedOut, Cast.Joint, at: 400));
        Assert.True(_run.Oracle.OnDelivery(0, Cast.PartyA, timedOut, Cast.Joint, at: 400));

        Assert.Equal(1, _run.Oracle.Leaks);
    }

    [Fact]
    public void AMessageFromAnotherSessionIsCaught()
    {
        var no = _run.Sent(1, Cast.Mediator, Cast.Joint, start: 100, end: 110);

        Assert.False(_run.Oracle.OnDelivery(0, Cast.PartyA, no, Cast.Joint, at: 105));

        Assert.Contains("session 1", Assert.Single(_run.Oracle.Cases), StringComparison.Ordinal);
    }

    [Fact]
    public void AMessageDeliveredUnderAnotherRoomIsCaught()
    {
        var no = _run.Sent(0, Cast.Mediator, Cast.CaucusA, start: 100, end: 110);

        Assert.False(_run.Oracle.OnDelivery(0, Cast.Mediator, no, Cast.Joint, at: 105));

        Assert.Contains("re-routed", Assert.Single(_run.Oracle.Cases), StringComparison.Ordinal);
    }

    [Fact]
    public void AMessageTheBenchNeverSentIsCaught()
    {
        Assert.False(_run.Oracle.OnDelivery(0, Cast.PartyA, no: 42, Cast.Joint, at: 105));
        Assert.False(_run.Oracle.OnDelivery(0, Cast.PartyA, no: -1, Cast.Joint, at: 106));

        Assert.Equal(2, _run.Oracle.Leaks);
    }

    [Fact]
    public void AnAcceptedSendFromSomeoneNoLongerEntitledIsCaught()
    {
        _run.Moved(Cast.PartyB, Cast.CaucusB, call: 100, ack: 200);
        var no = _run.Sent(0, Cast.PartyB, Cast.Joint, start: 300, end: 320);

        Assert.False(_run.Oracle.OnAccepted(no, at: 320));

        Assert.Contains("accepted", Assert.Single(_run.Oracle.Cases), StringComparison.Ordinal);
    }

    [Fact]
    public void ARefusedSendThatReachedSomeoneIsCaughtAfterThePhase()
    {
        _run.Moved(Cast.PartyB, Cast.CaucusB, call: 100, ack: 200);
        var no = _run.Sent(0, Cast.PartyB, Cast.Joint, start: 300, end: 320, SendStatus.Refused);
        Assert.True(_run.Oracle.OnDelivery(0, Cast.PartyA, no, Cast.Joint, at: 310));

        _run.Oracle.AfterPhase(0, no);

        Assert.Contains("refused", Assert.Single(_run.Oracle.Cases), StringComparison.Ordinal);
    }

    [Fact]
    public void AnAcceptedMessageThatMissedSomeoneEntitledThroughoutIsCountedAsMissed()
    {
        var no = _run.Sent(0, Cast.PartyA, Cast.CaucusA, start: 100, end: 120);
        _run.Oracle.OnDelivery(0, Cast.PartyA, no, Cast.CaucusA, at: 110);
        _run.Oracle.OnDelivery(0, Cast.Mediator, no, Cast.CaucusA, at: 110);

        Assert.Equal(1, _run.Oracle.AfterPhase(0, no)); // the advisor of side A never got it
        Assert.Equal(0, _run.Oracle.Leaks);
    }

    [Fact]
    public void ARefusedMoveLeavesTheEntitlementsAsTheyWere()
    {
        _run.First.BeginMove(Cast.PartyA, Cast.CaucusA, at: 100);
        _run.First.EndMove(accepted: false, at: 200);
        var no = _run.Sent(0, Cast.Mediator, Cast.Joint, start: 300, end: 320);

        Assert.True(_run.Oracle.OnDelivery(0, Cast.PartyA, no, Cast.Joint, at: 310));
        Assert.Equal(SessionModel.AllInJoint, _run.First.Latest);
    }
}
