using System.Threading.RateLimiting;

namespace CaucusRooms.Server;

/// <summary>Rate limits of the HTTP endpoints that a stranger can reach (sign-in and invite redemption).</summary>
internal static class RateLimits
{
    public const string SignIn = "sign-in";

    public static IServiceCollection AddCaucusRateLimits(this IServiceCollection services) =>
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(SignIn, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 30, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
}
