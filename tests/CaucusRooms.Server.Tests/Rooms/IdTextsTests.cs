using CaucusRooms.Domain;
using CaucusRooms.Server.Messages;
using CaucusRooms.Server.Rooms;

namespace CaucusRooms.Server.Tests.Rooms;

/// <summary>
/// A message's room and sender ids are written from remembered texts instead of made per message: each message must
/// still name its own room and its own sender, however many ids were remembered before and after the memory starts afresh.
/// </summary>
public sealed class IdTextsTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TheTextOfAnIdIsItsOwnThirtyTwoDigitsEveryTime()
    {
        var ids = Enumerable.Range(0, 100).Select(_ => Guid.NewGuid()).ToArray();

        Assert.All(ids, id => Assert.Equal(id.ToString("N"), IdTexts.Of(id)));
        Assert.All(ids, id => Assert.Same(IdTexts.Of(id), IdTexts.Of(id)));
        for (var i = 0; i <= IdTexts.MaxRemembered; i++) IdTexts.Of(Guid.NewGuid());
        Assert.All(ids, id => Assert.Equal(id.ToString("N"), IdTexts.Of(id)));
    }

    [Fact]
    public void EachMessageNamesItsOwnRoomAndItsOwnSender()
    {
        var session = SessionId.New();
        var (joint, caucus) = (RoomId.New(), RoomId.New());
        var (party, mediator) = (ParticipantId.New(), ParticipantId.New());
        var messages = new[]
        {
            new StoredMessage(Guid.NewGuid(), session, joint, 1, party, "Party", "a", "one", At, [party, mediator]),
            new StoredMessage(Guid.NewGuid(), session, caucus, 1, mediator, "Mediator", "b", "two", At, [mediator]),
            new StoredMessage(Guid.NewGuid(), session, joint, 2, mediator, "Mediator", "c", "three", At, [party, mediator]),
        };

        var dtos = messages.Select(RoomChat.ToDto).ToArray();

        Assert.Equal([joint.ToString(), caucus.ToString(), joint.ToString()], dtos.Select(d => d.RoomId));
        Assert.Equal([party.ToString(), mediator.ToString(), mediator.ToString()], dtos.Select(d => d.SenderId));
        Assert.Equal(messages.Select(m => m.MessageId.ToString("N")), dtos.Select(d => d.MessageId));
    }
}
