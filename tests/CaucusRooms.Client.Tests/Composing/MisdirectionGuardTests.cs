using CaucusRooms.Client.Composing;

namespace CaucusRooms.Client.Tests.Composing;

public sealed class MisdirectionGuardTests
{
    private static readonly CaucusItem Offer = new(Sample.CaucusAId, "m1", "We could accept forty thousand if the fence is moved by spring.", IsShareable: false);

    [Fact]
    public void ADraftRepeatingALongRunOfAPrivateMessageIsFlagged() =>
        Assert.Equal(Offer, MisdirectionGuard.FindMatch("They could accept forty thousand if the fence is moved", Sample.JointId, [Offer]));

    [Fact]
    public void AnOrdinaryJointMessageIsNotFlagged() =>
        Assert.Null(MisdirectionGuard.FindMatch("Let us take a ten minute break and meet again at eleven.", Sample.JointId, [Offer]));

    [Fact]
    public void AnItemItsSideMarkedShareableIsNotFlagged() =>
        Assert.Null(MisdirectionGuard.FindMatch("They could accept forty thousand if the fence is moved", Sample.JointId, [Offer with { IsShareable = true }]));

    [Fact]
    public void WritingInTheSameCaucusIsNotFlagged() =>
        Assert.Null(MisdirectionGuard.FindMatch("So you could accept forty thousand if the fence is moved?", Sample.CaucusAId, [Offer]));
}
