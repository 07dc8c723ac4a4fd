using CaucusRooms.Contracts;

namespace CaucusRooms.Client.Live;

/// <summary>
/// Sorts arriving messages into one feed per room by the room id they carry, and nothing else.
/// A message for a room that is not readable (yet) is held out of sight; when the next state says
/// which rooms are readable, it is placed there or dropped and counted, never shown elsewhere.
/// </summary>
public sealed class RoomFeeds(LeakDiagnostics diagnostics)
{
    private readonly Dictionary<string, RoomFeed> _feeds = new(StringComparer.Ordinal);
    private readonly List<MessageDto> _unplaced = [];

    /// <summary>Messages held until the next state.</summary>
    public int Unplaced => _unplaced.Count;

    /// <summary>The feed of one room; empty until its history or a message arrives.</summary>
    public RoomFeed Of(string roomId)
    {
        if (!_feeds.TryGetValue(roomId, out var feed)) _feeds[roomId] = feed = new RoomFeed(roomId);
        return feed;
    }

    /// <summary>Places a message in its own room's feed when that room is readable or already held; else holds it.</summary>
    public void Offer(MessageDto message, IEnumerable<string> readableRooms)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_feeds.ContainsKey(message.RoomId) || readableRooms.Contains(message.RoomId, StringComparer.Ordinal)) Of(message.RoomId).Add(message);
        else _unplaced.Add(message);
    }

    /// <summary>With a new state: places held messages whose room is readable now, drops and counts the rest.</summary>
    public void Settle(IEnumerable<string> readableRooms)
    {
        var readable = readableRooms.ToHashSet(StringComparer.Ordinal);
        foreach (var message in _unplaced)
        {
            if (readable.Contains(message.RoomId)) Of(message.RoomId).Add(message);
            else diagnostics.Dropped(message.MessageId, "link");
        }
        _unplaced.Clear();
    }
}
