namespace CaucusRooms.Client.Live;

/// <summary>
/// Counts messages that reached a place they do not belong (a pane or feed of another room) and
/// were dropped instead of shown. Should stay at zero; shown on screen so anyone can check.
/// </summary>
public sealed class LeakDiagnostics
{
    private readonly HashSet<string> _dropped = new(StringComparer.Ordinal);

    public event Action? Changed;

    public int DroppedCount => _dropped.Count;

    /// <summary>Records one dropped message (once per message and place, however often it is rendered).</summary>
    public void Dropped(string messageId, string place)
    {
        if (_dropped.Add($"{place}/{messageId}")) Changed?.Invoke();
    }
}
