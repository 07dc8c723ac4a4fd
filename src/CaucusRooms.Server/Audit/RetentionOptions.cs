using System.ComponentModel.DataAnnotations;

namespace CaucusRooms.Server.Audit;

/// <summary>How long things are kept after a session closes (<c>Retention:*</c>).</summary>
internal sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Message history after close; zero (the default) purges at close.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan Messages { get; set; } = TimeSpan.Zero;

    /// <summary>The content-free audit trail after close.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan Audit { get; set; } = TimeSpan.FromDays(365);

    /// <summary>How often every node looks for purges that are due.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan PurgeSweep { get; set; } = TimeSpan.FromSeconds(30);
}
