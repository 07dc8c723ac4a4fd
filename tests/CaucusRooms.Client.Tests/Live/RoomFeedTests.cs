namespace CaucusRooms.Client.Tests.Live;

public sealed class RoomFeedTests
{
    [Fact]
    public void AFeedRefusesAnotherRoomsMessage()
    {
        var feed = new RoomFeed(Sample.JointId);

        Assert.False(feed.Add(Sample.Message(Sample.CaucusAId, "private")));
        Assert.Empty(feed.Messages);
    }

    [Fact]
    public void AMessageSeenLiveAndAgainInReFetchedHistoryIsKeptOnceInSeqOrder()
    {
        var feed = new RoomFeed(Sample.JointId);
        var first = Sample.Message(Sample.JointId, "one", seq: 1);
        var third = Sample.Message(Sample.JointId, "three", seq: 3);
        var second = Sample.Message(Sample.JointId, "two", seq: 2);

        feed.Add(first);
        feed.Add(third);
        // After a reconnect, history after the last seq comes again with what was missed.
        feed.Add(second);
        feed.Add(third);

        Assert.Equal(["one", "two", "three"], feed.Messages.Select(m => m.Text));
        Assert.Equal(3, feed.LastSeq);
    }
}
