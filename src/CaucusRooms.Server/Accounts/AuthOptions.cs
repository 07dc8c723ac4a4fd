using System.ComponentModel.DataAnnotations;

namespace CaucusRooms.Server.Accounts;

/// <summary>Sign-in (<c>Auth:*</c>).</summary>
internal sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>How long a sign-in lasts, not sliding; hub connections close when it runs out.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan SignInLifetime { get; set; } = TimeSpan.FromHours(12);
}
