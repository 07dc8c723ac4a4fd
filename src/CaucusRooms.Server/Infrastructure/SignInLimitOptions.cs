using System.ComponentModel.DataAnnotations;

namespace CaucusRooms.Server.Infrastructure;

/// <summary>Limits of the HTTP endpoints a stranger can reach (<c>RateLimits:*</c>).</summary>
internal sealed class SignInLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Sign-ins and invite redemptions per client address per minute.</summary>
    [Range(1, 10_000_000)]
    public int SignInPerMinute { get; set; } = 30;
}
