namespace CaucusRooms.Client.Tests.Live;

public sealed class ShareGuardTests
{
    private static readonly string[] Private = ["We could accept forty thousand if the fence is moved by spring."];

    [Fact]
    public void ADraftRepeatingMostOfAPrivateMessageIsFlagged() =>
        Assert.NotNull(ShareGuard.Resembles("They could accept forty thousand if the fence is moved", Private));

    [Fact]
    public void AnOrdinaryJointMessageIsNotFlagged() =>
        Assert.Null(ShareGuard.Resembles("Let us take a ten minute break and meet again at eleven.", Private));
}
