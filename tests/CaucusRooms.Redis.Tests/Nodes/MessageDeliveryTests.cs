using CaucusRooms.Server.Connections;
using StackExchange.Redis;

namespace CaucusRooms.Redis.Tests.Nodes;

/// <summary>
/// A message is published once with its readers; the node that receives it writes it to its own connections of
/// those readers, and to nobody else in the session, whoever else is in the room and on that node.
/// </summary>
[Collection(TwoNodesTestGroup.Name)]
public sealed class MessageDeliveryTests(TwoNodes nodes)
{
    [Fact]
    public async Task ANodeWritesAPublishedMessageOnlyToItsConnectionsOfTheReadersTheMessageNames()
    {
        await using var m = await Mediation.OpenAsync(nodes.Node1);
        var alex = await m.InviteToLobbyAsync("Alex", "Party", "Claimant", nodes.Node2);
        var blake = await m.InviteToLobbyAsync("Blake", "Party", "Respondent", nodes.Node2);
        await m.AdmitAsync(alex, m.Joint);
        await m.AdmitAsync(blake, m.Joint);
        using var redis = await ConnectionMultiplexer.ConnectAsync(nodes.Redis.ConnectionString);
        var text = $"for Alex only {Guid.NewGuid():N}";

        // As another node publishes a joint-room message whose readers were fixed as Alex alone: Blake is in the room
        // and on the same node, and is no reader of it.
        var envelope = AnotherNode.Envelope(m, new MessageNotice([new ParticipantId(Guid.Parse(alex.ParticipantId))],
            new MessageDto(Guid.NewGuid().ToString("N"), m.Joint, 1_000_000, alex.ParticipantId, "Alex", text, DateTimeOffset.UtcNow)));
        await redis.GetSubscriber().PublishAsync(RedisKeys.MessagesChannel, envelope).WaitAsync(Tab.Timeout);

        await alex.Tab.WaitForMessageAsync(text);
        await m.MediatorTab.SendAsync(m.Joint, "later, to everyone in the joint room");
        await blake.Tab.WaitForMessageAsync("later, to everyone in the joint room");
        Assert.False(blake.Tab.Saw(text), "Blake, no reader of the message, received it from the node that holds his connection");
    }

    [Fact]
    public async Task APersonsThreeConnectionsOnOneNodeEachReceiveACaucusMessageOnceAndTheOtherSidesConnectionThereNothing()
    {
        await using var m = await Mediation.OpenAsync(nodes.Node1);
        var alex = await m.InviteToLobbyAsync("Alex", "Party", "Claimant", nodes.Node2);
        var alexDevices = new[] { alex, await m.SecondDeviceAsync(alex, nodes.Node2), await m.SecondDeviceAsync(alex, nodes.Node2) };
        var blake = await m.InviteToLobbyAsync("Blake", "Party", "Respondent", nodes.Node2);
        await m.AdmitAsync(alex, m.ClaimantCaucus);
        await m.AdmitAsync(blake, m.Joint);
        var (text, later) = ($"claimant caucus only {Guid.NewGuid():N}", $"later in the caucus {Guid.NewGuid():N}");

        // Written on node 2 as one send to Alex's three connections there; Blake's connection there is not one of them.
        await m.MediatorTab.SendAsync(m.ClaimantCaucus, text);
        await m.MediatorTab.SendAsync(m.ClaimantCaucus, later);
        await m.MediatorTab.SendAsync(m.Joint, "later, to the joint room");

        // A connection's writes keep their order: once the later message is there, the first has come as often as it will.
        foreach (var device in alexDevices)
        {
            await device.Tab.WaitForMessageAsync(later);
            Assert.Equal(1, device.Tab.Messages.Count(x => x.Text == text));
        }
        await blake.Tab.WaitForMessageAsync("later, to the joint room");
        Assert.False(blake.Tab.Saw(text) || blake.Tab.Saw(later), "Blake, of the other side, received the claimant caucus's message from the node that holds his connection");
    }

    [Fact]
    public async Task AnUnreadableEnvelopeIsLoggedAndDeliversNothingAndTheNextEnvelopeIsDelivered()
    {
        await using var m = await Mediation.OpenAsync(nodes.Node1);
        var alex = await m.InviteToLobbyAsync("Alex", "Party", "Claimant", nodes.Node2);
        await m.AdmitAsync(alex, m.Joint);
        using var redis = await ConnectionMultiplexer.ConnectAsync(nodes.Redis.ConnectionString);
        var bus = redis.GetSubscriber();
        var unreadableBefore = Unreadable(nodes.Node2.Output);
        var (lost, next) = ($"in an unreadable envelope {Guid.NewGuid():N}", $"in the next envelope {Guid.NewGuid():N}");
        MessageNotice ToAlex(string text) => new([new ParticipantId(Guid.Parse(alex.ParticipantId))],
            new MessageDto(Guid.NewGuid().ToString("N"), m.Joint, 1_000_000, alex.ParticipantId, "Alex", text, DateTimeOffset.UtcNow));
        var cut = AnotherNode.Envelope(m, ToAlex(lost));

        // Not an envelope at all; an older node's JSON envelope; then the session's own envelope cut short inside its frame
        // (read in full: node 2 holds Alex's connection).
        await bus.PublishAsync(RedisKeys.MessagesChannel, "not an envelope").WaitAsync(Tab.Timeout);
        await bus.PublishAsync(RedisKeys.MessagesChannel, $"{{\"node\":\"another node\",\"session\":\"{m.SessionId}\",\"notices\":[]}}").WaitAsync(Tab.Timeout);
        await bus.PublishAsync(RedisKeys.MessagesChannel, cut[..^10]).WaitAsync(Tab.Timeout);
        await bus.PublishAsync(RedisKeys.MessagesChannel, AnotherNode.Envelope(m, ToAlex(next))).WaitAsync(Tab.Timeout);

        await alex.Tab.WaitForMessageAsync(next);
        Assert.False(alex.Tab.Saw(lost), "a notice of an envelope cut short was delivered");
        await Eventually.TrueAsync(() => Unreadable(nodes.Node2.Output) >= unreadableBefore + 3, Tab.Timeout, "node 2 logging the three unreadable envelopes");
    }

    private static int Unreadable(string output) => output.Split("could not be read").Length - 1;
}
