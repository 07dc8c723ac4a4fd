using System.ComponentModel.DataAnnotations;
using CaucusRooms.Server.Infrastructure;

namespace CaucusRooms.Server.Invites;

/// <summary>Invite options (<c>Invites:*</c>).</summary>
internal sealed class InviteOptions
{
    public const string Section = "Invites";

    /// <summary>How long an invite link works.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The public address invite links start with; by default the address the mediator used.</summary>
    [HttpAddress]
    public string? PublicBaseUrl { get; set; }
}
