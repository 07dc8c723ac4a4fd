namespace CaucusRooms.Client.Live;

/// <summary>The state of the live connection, as the screen shows it.</summary>
public enum LinkState
{
    Connecting,
    Connected,
    Reconnecting,
    Disconnected,
}
