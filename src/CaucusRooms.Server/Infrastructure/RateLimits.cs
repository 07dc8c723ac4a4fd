using System.Globalization;
using System.Threading.RateLimiting;
using CaucusRooms.Contracts;
using Microsoft.Extensions.Options;

namespace CaucusRooms.Server.Infrastructure;

/// <summary>Rate limits of the HTTP endpoints that a stranger can reach (sign-in and invite redemption).</summary>
internal static class RateLimits
{
    public const string SignIn = "sign-in";

    public static IServiceCollection AddCaucusRateLimits(this IServiceCollection services)
    {
        services.AddSettings<SignInLimitOptions>(SignInLimitOptions.Section);
        return services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, ct) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return new ValueTask(context.HttpContext.Response.WriteAsJsonAsync(
                    new ErrorResponse("RateLimited", "Too many sign-in attempts from this address; wait a minute and try again."), ct));
            };
            o.AddPolicy(SignIn, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = http.RequestServices.GetRequiredService<IOptions<SignInLimitOptions>>().Value.SignInPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
        });
    }
}
