using CaucusRooms.Contracts;
using CaucusRooms.Server.Infrastructure;

namespace CaucusRooms.Server.Hubs;

/// <summary>
/// Refuses hub requests (negotiate and the WebSocket handshake) sent by a page of another
/// origin: a cookie alone must never let a foreign site open a hub connection (cross-site
/// WebSocket hijacking). Requests without an Origin header come from non-browser clients.
/// </summary>
internal static class OriginCheck
{
    public static IApplicationBuilder UseHubOriginCheck(this IApplicationBuilder app, IReadOnlyCollection<string> allowedOrigins) =>
        app.Use(async (http, next) =>
        {
            if (http.Request.Path.StartsWithSegments(HubPaths.Session)
                && http.Request.Headers.Origin.ToString() is { Length: > 0 } origin
                && !IsSameOrigin(http.Request, origin)
                && !allowedOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase))
            {
                Log.ForeignOriginRefused(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OriginCheck)));
                http.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }
            await next(http);
        });

    private static bool IsSameOrigin(HttpRequest request, string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
}
