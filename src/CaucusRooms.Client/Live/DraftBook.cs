namespace CaucusRooms.Client.Live;

/// <summary>
/// Unsent drafts per room, for one page. When a move hides a pane, its draft waits here and comes
/// back in that same room's composer when the pane returns; it is never offered to another room.
/// </summary>
public sealed class DraftBook
{
    private readonly Dictionary<string, string> _drafts = new(StringComparer.Ordinal);

    public string Get(string roomId) => _drafts.GetValueOrDefault(roomId, "");

    public void Set(string roomId, string text)
    {
        if (string.IsNullOrEmpty(text)) _drafts.Remove(roomId);
        else _drafts[roomId] = text;
    }
}
