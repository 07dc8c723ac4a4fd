using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.Infrastructure;
using CaucusRooms.Server.SessionState;

namespace CaucusRooms.Server.Hubs;

/// <summary>
/// Refuses a hub connection at negotiate and handshake time unless the signed-in caller is a
/// current member of the session named in <c>?sessionId=</c>: strangers, people of another
/// session and removed people get a plain 403 before any hub code runs. The hub checks again.
/// </summary>
internal static class HubAdmission
{
    public static IApplicationBuilder UseHubAdmission(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            if (!http.Request.Path.StartsWithSegments(HubPaths.Session))
            {
                await next(http);
                return;
            }
            if (http.User.Identity?.IsAuthenticated != true)
            {
                http.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }
            var access = http.RequestServices.GetRequiredService<SessionAccess>();
            var sessions = http.RequestServices.GetRequiredService<SessionRepository>();
            var sessionId = Ids.TryParse(http.Request.Query["sessionId"], out var g) ? new SessionId(g) : (SessionId?)null;
            var person = sessionId is { } sid ? await access.ResolveAsync(http.User, sid, http.RequestAborted) : null;
            var session = sessionId is { } id && person is not null ? await sessions.LoadAsync(id, http.RequestAborted) : null;
            if (session is null || !Entitlements.IsMember(session, person!.Value))
            {
                http.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }
            await next(http);
        });
}
