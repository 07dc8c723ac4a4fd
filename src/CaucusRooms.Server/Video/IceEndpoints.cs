using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.Infrastructure;
using CaucusRooms.Server.SessionState;
using Microsoft.Extensions.Options;

namespace CaucusRooms.Server.Video;

internal static class IceEndpoints
{
    /// <summary><c>GET /api/sessions/{sessionId}/ice</c>: ICE servers for a member of the session, with TURN credentials of their own.</summary>
    public static RouteGroupBuilder MapIce(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup($"/api/sessions/{{{SessionCaller.RouteKey}}}/ice").RequireAuthorization().RequireSessionCaller(InARoom);
        group.MapGet("", (SessionCaller caller, TimeProvider clock, IOptions<IceOptions> options) =>
        {
            var (ice, me) = (options.Value, caller.Me);
            var expires = clock.GetUtcNow() + ice.TurnCredentialLifetime;
            var servers = new List<IceServerDto>();
            if (ice.StunUrls.Count > 0) servers.Add(new IceServerDto(ice.StunUrls, null, null));
            if (ice.RelayOnly)
            {
                var (username, credential) = TurnCredentials.For(me.ToString(), expires, ice.TurnSharedSecret);
                servers.Add(new IceServerDto(ice.TurnUrls, username, credential));
            }
            return Results.Ok(new IceConfigDto(servers, expires, ice.RelayOnly ? IceConfigDto.RelayPolicy : IceConfigDto.AllPolicy));
        });
        return group;
    }

    private static IResult? InARoom(SessionCaller caller) =>
        caller.IsFound && Entitlements.IsInARoom(caller.Session, caller.Me)
            ? null
            : Refusals.Error(404, nameof(RefusalReason.UnknownSession), "No such session, or you are not in a room of it.");
}
