using CaucusRooms.Contracts;

namespace CaucusRooms.Client.Live;

/// <summary>
/// The messages of one room, in seq order, each once. A feed only ever holds its own room's
/// messages: a message of another room is refused, so a reconnect or a routing slip cannot mix rooms.
/// </summary>
public sealed class RoomFeed(string roomId)
{
    private readonly List<MessageDto> _messages = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    public string RoomId { get; } = roomId;

    public IReadOnlyList<MessageDto> Messages => _messages;

    /// <summary>The highest seq held: history is re-fetched after it on a reconnect.</summary>
    public long LastSeq { get; private set; }

    /// <summary>Adds the message when it is this room's and new; false for a duplicate or another room's message.</summary>
    public bool Add(MessageDto message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!string.Equals(message.RoomId, RoomId, StringComparison.Ordinal)) return false;
        if (!_seen.Add(message.MessageId)) return false;
        var at = _messages.FindLastIndex(m => m.Seq < message.Seq) + 1;
        _messages.Insert(at, message);
        LastSeq = Math.Max(LastSeq, message.Seq);
        return true;
    }
}
