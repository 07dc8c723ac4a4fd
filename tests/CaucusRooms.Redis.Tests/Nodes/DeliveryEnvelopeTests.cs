using System.Text;
using CaucusRooms.Server.Connections;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace CaucusRooms.Redis.Tests.Nodes;

/// <summary>
/// What crosses between nodes: each notice's addressees and its hub invocation, serialized once by the publishing node.
/// A receiving node must get back exactly the people and the bytes that were written, and anything else (cut short,
/// lying about its counts, an older node's JSON) must be unreadable, never misread as someone else's notice.
/// </summary>
public sealed class DeliveryEnvelopeTests
{
    private static readonly IHubProtocol[] Json = [new JsonHubProtocol()];
    private static readonly byte[] ThisNode = DeliveryEnvelope.NodeName("node-a");
    private static readonly SessionId Session = SessionId.New();
    private static readonly ParticipantId Alex = ParticipantId.New(), Blake = ParticipantId.New();

    [Fact]
    public void TheReceivingNodeReadsBackEachNoticesAddresseesAndTheExactFrameThePublishingNodeSerialized()
    {
        var forAlex = CarriedNotice.Of(Timer([Alex]), Json);
        var forBoth = CarriedNotice.Of(Message([Alex, Blake], "to the joint room"), Json);

        var read = DeliveryEnvelope.ReadNotices(DeliveryEnvelope.Write(ThisNode, Session, [forAlex, forBoth]));

        Assert.Equal(2, read.Count);
        Assert.Equal([Alex], read[0].To);
        Assert.Equal([Alex, Blake], read[1].To);
        Assert.True(read[1].IsFor(Blake) && !read[0].IsFor(Blake), "Blake is an addressee of the second notice only");
        for (var i = 0; i < read.Count; i++)
        {
            var (written, carried) = (new[] { forAlex, forBoth }[i].Frames.Single(), read[i].Frames.Single());
            Assert.Equal("json", carried.ProtocolName);
            Assert.Equal(written.Serialized.ToArray(), carried.Serialized.ToArray());
        }
        Assert.Contains("\"target\":\"MessageReceived\"", Encoding.UTF8.GetString(read[1].Frames[0].Serialized.Span), StringComparison.Ordinal);
        Assert.Contains("to the joint room", Encoding.UTF8.GetString(read[1].Frames[0].Serialized.Span), StringComparison.Ordinal);
    }

    [Fact]
    public void TheHeadSaysWhetherThePublishIsThisNodesOwnAndItsSession()
    {
        var envelope = DeliveryEnvelope.Write(ThisNode, Session, [CarriedNotice.Of(Timer([Alex]), Json)]);

        Assert.Equal((true, Session), DeliveryEnvelope.ReadHead(envelope, ThisNode));
        Assert.Equal((false, Session), DeliveryEnvelope.ReadHead(envelope, DeliveryEnvelope.NodeName("node-b")));
        Assert.Equal((false, Session), DeliveryEnvelope.ReadHead(envelope, DeliveryEnvelope.NodeName("node-")));
    }

    [Fact]
    public void AnEnvelopeCutShortAnywhereIsUnreadable()
    {
        var envelope = DeliveryEnvelope.Write(ThisNode, Session, [CarriedNotice.Of(Timer([Alex, Blake]), Json), CarriedNotice.Of(Message([Alex], "caucus"), Json)]);

        for (var length = 0; length < envelope.Length; length++)
        {
            var cut = envelope[..length];
            Assert.Throws<InvalidDataException>(() => DeliveryEnvelope.ReadNotices(cut));
        }
        Assert.Throws<InvalidDataException>(() => DeliveryEnvelope.ReadNotices(envelope.Append((byte)0).ToArray()));
    }

    [Fact]
    public void AnEnvelopeThatNamesMoreAddresseesThanItHoldsOrComesFromAnOlderNodeIsUnreadable()
    {
        var envelope = DeliveryEnvelope.Write(ThisNode, Session, [CarriedNotice.Of(Timer([Alex]), Json)]);
        var addresseeCount = 1 + 2 + ThisNode.Length + 16 + 4;
        Assert.Equal(1, BitConverter.ToInt32(envelope, addresseeCount));
        var lying = envelope.ToArray();
        BitConverter.GetBytes(int.MaxValue).CopyTo(lying, addresseeCount);
        var olderNode = Encoding.UTF8.GetBytes($"{{\"node\":\"node-b\",\"session\":\"{Session.Value}\",\"notices\":[]}}");

        Assert.Throws<InvalidDataException>(() => DeliveryEnvelope.ReadNotices(lying));
        Assert.Throws<InvalidDataException>(() => DeliveryEnvelope.ReadHead(olderNode, ThisNode));
        Assert.Throws<InvalidDataException>(() => DeliveryEnvelope.ReadNotices(olderNode));
    }

    private static TimerNotice Timer(ParticipantId[] to) =>
        new(to, new RoomTimerDto(Guid.NewGuid().ToString("N"), RoomId.New().ToString(), TimerStates.Running, DateTimeOffset.UtcNow.AddMinutes(5)));

    private static MessageNotice Message(ParticipantId[] to, string text) =>
        new(to, new MessageDto(Guid.NewGuid().ToString("N"), RoomId.New().ToString(), 7, Alex.ToString(), "Alex", text, DateTimeOffset.UtcNow));
}
