using CaucusRooms.Bench.Oracle;

namespace CaucusRooms.Bench.Tests.Oracle;

/// <summary>The oracle must be able to fail: crafted deliveries that leak are caught, honest ones are not.</summary>
public sealed class LeakOracleTests
{
    private readonly SessionModel _first = new();
    private readonly SessionModel _second = new();
    private readonly SentLog _log = new(100);
    private readonly LeakOracle _oracle;

    public LeakOracleTests() => _oracle = new LeakOracle([_first, _second], _log, origin: 0);

    private int Sent(int session, int sender, int room, long start, long end, int status = SendStatus.Accepted)
    {
        var no = _log.Begin(session, room, sender, phase: 0, start);
        _log.Answer(no, status, end);
        return no;
    }

    [Fact]
    public void ACaucusMessageDeliveredToTheOtherSideIsCaught()
    {
        var no = Sent(0, Cast.PartyA, Cast.CaucusA, start: 100, end: 120);

        Assert.False(_oracle.OnDelivery(0, Cast.PartyB, no, Cast.CaucusA, at: 110));

        Assert.Equal(1, _oracle.Leaks);
        var leak = Assert.Single(_oracle.Cases);
        Assert.Contains("party B", leak, StringComparison.Ordinal);
        Assert.Contains("caucus A", leak, StringComparison.Ordinal);
    }

    [Fact]
    public void ACaucusMessageDeliveredToItsOwnSideAndTheMediatorIsNotALeak()
    {
        var no = Sent(0, Cast.PartyA, Cast.CaucusA, start: 100, end: 120);

        Assert.True(_oracle.OnDelivery(0, Cast.AdvisorA, no, Cast.CaucusA, at: 110));
        Assert.True(_oracle.OnDelivery(0, Cast.Mediator, no, Cast.CaucusA, at: 111));

        Assert.Equal(0, _oracle.Leaks);
    }

    [Fact]
    public void AJointMessageReachingAPartyMovedOutBeforeItWasSentIsCaught()
    {
        _first.BeginMove(Cast.PartyA, Cast.CaucusA, at: 100);
        _first.EndMove(accepted: true, at: 200);
        var no = Sent(0, Cast.Mediator, Cast.Joint, start: 300, end: 320);

        Assert.False(_oracle.OnDelivery(0, Cast.PartyA, no, Cast.Joint, at: 310));

        Assert.Contains("party A in caucus A", Assert.Single(_oracle.Cases), StringComparison.Ordinal);
    }

    [Fact]
    public void AJointMessageSentWhileTheMoveWasInFlightMayStillReachTheMovedParty()
    {
        _first.BeginMove(Cast.PartyA, Cast.CaucusA, at: 100);
        var no = Sent(0, Cast.Mediator, Cast.Joint, start: 150, end: 160);

        Assert.True(_oracle.OnDelivery(0, Cast.PartyA, no, Cast.Joint, at: 155));
        _first.EndMove(accepted: true, at: 200);

        Assert.Equal(0, _oracle.Leaks);
    }

    [Fact]
    public void AMessageFromAnotherSessionIsCaught()
    {
        var no = Sent(1, Cast.Mediator, Cast.Joint, start: 100, end: 110);

        Assert.False(_oracle.OnDelivery(0, Cast.PartyA, no, Cast.Joint, at: 105));

        Assert.Contains("session 1", Assert.Single(_oracle.Cases), StringComparison.Ordinal);
    }

    [Fact]
    public void AMessageDeliveredUnderAnotherRoomIsCaught()
    {
        var no = Sent(0, Cast.Mediator, Cast.CaucusA, start: 100, end: 110);

        Assert.False(_oracle.OnDelivery(0, Cast.Mediator, no, Cast.Joint, at: 105));

        Assert.Contains("re-routed", Assert.Single(_oracle.Cases), StringComparison.Ordinal);
    }

    [Fact]
    public void AMessageTheBenchNeverSentIsCaught()
    {
        Assert.False(_oracle.OnDelivery(0, Cast.PartyA, no: 42, Cast.Joint, at: 105));
        Assert.False(_oracle.OnDelivery(0, Cast.PartyA, no: -1, Cast.Joint, at: 106));

        Assert.Equal(2, _oracle.Leaks);
    }

    [Fact]
    public void AnAcceptedSendFromSomeoneNoLongerEntitledIsCaught()
    {
        _first.BeginMove(Cast.PartyB, Cast.CaucusB, at: 100);
        _first.EndMove(accepted: true, at: 200);
        var no = Sent(0, Cast.PartyB, Cast.Joint, start: 300, end: 320);

        Assert.False(_oracle.OnAccepted(no, at: 320));

        Assert.Contains("accepted", Assert.Single(_oracle.Cases), StringComparison.Ordinal);
    }

    [Fact]
    public void ARefusedSendThatReachedSomeoneIsCaughtAfterThePhase()
    {
        _first.BeginMove(Cast.PartyB, Cast.CaucusB, at: 100);
        _first.EndMove(accepted: true, at: 200);
        var no = Sent(0, Cast.PartyB, Cast.Joint, start: 300, end: 320, SendStatus.Refused);
        Assert.True(_oracle.OnDelivery(0, Cast.PartyA, no, Cast.Joint, at: 310));

        _oracle.AfterPhase(0, no);

        Assert.Contains("refused", Assert.Single(_oracle.Cases), StringComparison.Ordinal);
    }

    [Fact]
    public void AnAcceptedMessageThatMissedSomeoneEntitledThroughoutIsCountedAsMissed()
    {
        var no = Sent(0, Cast.PartyA, Cast.CaucusA, start: 100, end: 120);
        _oracle.OnDelivery(0, Cast.PartyA, no, Cast.CaucusA, at: 110);
        _oracle.OnDelivery(0, Cast.Mediator, no, Cast.CaucusA, at: 110);

        Assert.Equal(1, _oracle.AfterPhase(0, no)); // the advisor of side A never got it
        Assert.Equal(0, _oracle.Leaks);
    }

    [Fact]
    public void ARefusedMoveLeavesTheEntitlementsAsTheyWere()
    {
        _first.BeginMove(Cast.PartyA, Cast.CaucusA, at: 100);
        _first.EndMove(accepted: false, at: 200);
        var no = Sent(0, Cast.Mediator, Cast.Joint, start: 300, end: 320);

        Assert.True(_oracle.OnDelivery(0, Cast.PartyA, no, Cast.Joint, at: 310));
        Assert.Equal(SessionModel.AllInJoint, _first.Latest);
    }
}
