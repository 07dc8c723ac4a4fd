using CaucusRooms.Bench.Chaos;
using CaucusRooms.Contracts;

namespace CaucusRooms.Bench.Tests.Chaos;

/// <summary>The chaos mode's judge by what the server committed: a session's audit trail replayed against a message's sent time.</summary>
public sealed class CommittedRecordTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    // Session of two sides: person 0 the mediator, 1 party S0, 2 advisor S0, 3 party S1; rooms 0 joint, 1 caucus S0, 2 caucus S1, 3 mediators.
    private static ChaosSession Session()
    {
        var session = new ChaosSession(0, 2);
        foreach (var p in session.People) p.ParticipantId = Guid.NewGuid().ToString("N");
        return session;
    }

    private static AuditEntryDto Entry(ChaosSession s, long seq, double seconds, string kind, int person, string? to) =>
        new(seq, T0.AddSeconds(seconds), kind, s.People[0].ParticipantId, "Mediator", s.People[person].ParticipantId, "someone", null, to, null, null);

    [Fact]
    public void APartyMovedOutOfTheJointRoomBeforeAMessageWasStampedIsNoReaderOfIt()
    {
        var s = Session();
        var record = CommittedRecord.From(s, [Entry(s, 1, 1, "Admitted", 1, "Joint"), Entry(s, 2, 2, "Moved", 1, "Caucus S0")]);

        Assert.True(record.WasReader(T0.AddSeconds(1.5), 1, ChaosSession.Joint));
        Assert.False(record.WasReader(T0.AddSeconds(2.5), 1, ChaosSession.Joint));
        Assert.True(record.WasReader(T0.AddSeconds(2.5), 1, s.CaucusOf(0)));
        Assert.False(record.WasReader(T0.AddSeconds(2.5), 3, ChaosSession.Joint));
        Assert.False(record.WasReader(T0.AddSeconds(0.5), 1, s.CaucusOf(0)));
        Assert.True(record.WasReader(T0.AddSeconds(0.5), 0, s.CaucusOf(1)));
    }

    [Fact]
    public void AChangeTheTrailLacksCountsBothWaysOnlyBetweenItsCallAndItsReadBack()
    {
        var s = Session();
        var record = CommittedRecord.From(s, [Entry(s, 1, 1, "Admitted", 1, "Caucus S0")]);

        record.AddUnrecorded(1, ChaosSession.Joint, T0.AddSeconds(2), T0.AddSeconds(3));

        Assert.False(record.WasReader(T0.AddSeconds(1.5), 1, ChaosSession.Joint));
        Assert.True(record.WasReader(T0.AddSeconds(2.5), 1, ChaosSession.Joint));
        Assert.True(record.WasReader(T0.AddSeconds(4), 1, ChaosSession.Joint));
        Assert.Equal(ChaosSession.Joint, record.Final[1]);
    }

    [Fact]
    public void ARemovedPersonReadsNothingAndAnUnknownRoomIsReportedNotGuessed()
    {
        var s = Session();
        var record = CommittedRecord.From(s, [Entry(s, 1, 1, "Admitted", 3, "Joint"), Entry(s, 2, 2, "Removed", 3, null), Entry(s, 3, 3, "Moved", 1, "Somewhere")]);

        Assert.False(record.WasReader(T0.AddSeconds(2.5), 3, s.CaucusOf(1)));
        Assert.Equal(Where.Removed, record.Final[3]);
        Assert.Single(record.Unreadable);
    }
}
