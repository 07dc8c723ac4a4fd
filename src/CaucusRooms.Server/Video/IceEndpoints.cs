using System.Security.Claims;
using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.Infrastructure;
using CaucusRooms.Server.Sessions;
using Microsoft.Extensions.Options;

namespace CaucusRooms.Server.Video;

internal static class IceEndpoints
{
    /// <summary><c>GET /api/sessions/{sessionId}/ice</c>: ICE servers for a member of the session, with TURN credentials of their own.</summary>
    public static IEndpointRouteBuilder MapIce(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/sessions/{sessionId}/ice", async (string sessionId, ClaimsPrincipal user, SessionCoordinator sessions, SessionAccess access, IOptions<IceOptions> options, CancellationToken ct) =>
        {
            var (session, me) = await SessionEndpoints.MemberOfAsync(sessionId, user, sessions, access, ct);
            if (session is null || !Entitlements.IsInARoom(session, me)) return Refusals.Error(404, "UnknownSession", "No such session, or you are not in a room of it.");
            var ice = options.Value;
            var expires = sessions.Now + ice.TurnCredentialLifetime;
            var servers = new List<IceServerDto>();
            if (ice.StunUrls.Count > 0) servers.Add(new IceServerDto(ice.StunUrls, null, null));
            if (ice.RelayOnly)
            {
                var (username, credential) = TurnCredentials.For(me.ToString(), expires, ice.TurnSharedSecret);
                servers.Add(new IceServerDto(ice.TurnUrls, username, credential));
            }
            return Results.Ok(new IceConfigDto(servers, expires, ice.RelayOnly ? IceConfigDto.RelayPolicy : IceConfigDto.AllPolicy));
        }).RequireAuthorization();
        return app;
    }
}
