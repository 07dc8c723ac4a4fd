namespace CaucusRooms.Bench.Oracle;

/// <summary>
/// Until when a send's readers can have been fixed, as the bench sees it: the server's answer bounds that instant; a send
/// without one (still in flight, or given up on by the client after a timeout or a closed connection: the server may
/// still store it later) is bounded only by the moment a copy of it was seen.
/// </summary>
internal static class SendWindow
{
    /// <param name="answered">Ticks of the server's answer; 0 when none came.</param>
    /// <param name="seen">Ticks at which a copy of the message reached someone (live or in a history answer).</param>
    public static long ReadersFixedBy(long answered, long seen) => answered > 0 ? Math.Min(answered, seen) : seen;
}
