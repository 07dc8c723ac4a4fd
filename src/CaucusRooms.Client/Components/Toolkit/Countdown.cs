namespace CaucusRooms.Client.Components.Toolkit;

/// <summary>How a countdown reads: counted from its deadline on this device's clock.</summary>
public static class Countdown
{
    /// <summary>"9:58", "1:02:03", or "0:00" once the deadline passed.</summary>
    public static string Left(DateTimeOffset endsAt, DateTimeOffset now)
    {
        var left = endsAt - now;
        if (left < TimeSpan.Zero) left = TimeSpan.Zero;
        // Rounded up: a countdown shows 0:00 only at its end.
        var seconds = (long)Math.Ceiling(left.TotalSeconds);
        return seconds >= 3600
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{seconds / 3600}:{seconds / 60 % 60:00}:{seconds % 60:00}")
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{seconds / 60}:{seconds % 60:00}");
    }
}
