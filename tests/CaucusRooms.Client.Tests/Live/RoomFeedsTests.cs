namespace CaucusRooms.Client.Tests.Live;

public sealed class RoomFeedsTests
{
    private readonly LeakDiagnostics _diagnostics = new();

    [Fact]
    public void EachMessageLandsInTheFeedOfTheRoomItNames()
    {
        var feeds = new RoomFeeds(_diagnostics);

        feeds.Offer(Sample.Message(Sample.JointId, "to everyone"), [Sample.JointId, Sample.CaucusAId]);
        feeds.Offer(Sample.Message(Sample.CaucusAId, "just us"), [Sample.JointId, Sample.CaucusAId]);

        Assert.Equal(["to everyone"], feeds.Of(Sample.JointId).Messages.Select(m => m.Text));
        Assert.Equal(["just us"], feeds.Of(Sample.CaucusAId).Messages.Select(m => m.Text));
    }

    [Fact]
    public void AMessageArrivingJustBeforeTheAdmissionStateIsHeldThenPlaced()
    {
        var feeds = new RoomFeeds(_diagnostics);

        feeds.Offer(Sample.Message(Sample.JointId, "welcome"), []);
        Assert.Empty(feeds.Of(Sample.JointId).Messages);
        feeds.Settle([Sample.JointId, Sample.CaucusAId]);

        Assert.Equal(["welcome"], feeds.Of(Sample.JointId).Messages.Select(m => m.Text));
        Assert.Equal(0, _diagnostics.DroppedCount);
    }

    [Fact]
    public void AMessageOfARoomThatNeverBecomesReadableIsDroppedAndCountedNeverPlaced()
    {
        var feeds = new RoomFeeds(_diagnostics);

        feeds.Offer(Sample.Message(Sample.CaucusBId, "the other side's secret"), [Sample.JointId, Sample.CaucusAId]);
        feeds.Settle([Sample.JointId, Sample.CaucusAId]);

        Assert.Equal(1, _diagnostics.DroppedCount);
        Assert.Equal(0, feeds.Unplaced);
        Assert.Empty(feeds.Of(Sample.JointId).Messages);
        Assert.Empty(feeds.Of(Sample.CaucusAId).Messages);
    }
}
