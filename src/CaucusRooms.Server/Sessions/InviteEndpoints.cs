using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.Accounts;
using CaucusRooms.Server.Infrastructure;
using CaucusRooms.Server.Invites;
using CaucusRooms.Server.SessionState;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace CaucusRooms.Server.Sessions;

internal static class InviteEndpoints
{
    /// <summary>
    /// <c>/api</c>: a session's mediators invite (<c>/api/sessions/{sessionId}/invites</c>, signed in); anyone with a
    /// code redeems it (<c>/api/invites/redeem</c>, limited per client address like sign-in).
    /// </summary>
    public static RouteGroupBuilder MapInvites(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapGroup($"/sessions/{{{SessionCaller.RouteKey}}}/invites")
            .RequireAuthorization()
            .RequireSessionCaller(SessionCallerRules.Mediator)
            .MapPost("", CreateAsync);
        api.MapGroup("/invites")
            .RequireRateLimiting(RateLimits.SignIn)
            .MapPost("/redeem", RedeemAsync);
        return api;
    }

    private static async Task<IResult> CreateAsync(
        InviteRequest request, SessionCaller mediator, HttpContext http, ChangePipeline changes, TimeProvider clock,
        IInviteStore invites, IOptions<InviteOptions> options, CancellationToken ct)
    {
        var (session, me) = (mediator.Session, mediator.Me);
        if (request is null || !Enum.GetNames<Role>().Contains(request.Role, StringComparer.Ordinal) || !Enum.TryParse<Role>(request.Role, out var role))
            return Refusals.Error(400, nameof(RefusalReason.InvalidInput), "Role must be \"Party\", \"Advisor\" or \"Mediator\".");
        SideId? side = null;
        if (request.Side is { Length: > 0 } sideName)
        {
            if (session.Sides.FirstOrDefault(s => string.Equals(s.Name, sideName, StringComparison.OrdinalIgnoreCase)) is not { } found)
                return Refusals.Error(400, nameof(RefusalReason.InvalidSide), $"This session has no side named \"{sideName}\".");
            side = found.Id;
        }

        var person = ParticipantId.New();
        var outcome = await changes.ChangeAsync(session.Id, "Invite", (s, at) => s.Invite(me, person, request.DisplayName ?? "", role, side, at), ct);
        if (outcome.Refusal is { } refusal) return refusal.ToHttp();

        var code = InviteCodes.NewCode();
        var expires = clock.GetUtcNow() + options.Value.Lifetime;
        await invites.AddAsync(new Invite(InviteCodes.Hash(code), session.Id, person, expires, IsRevoked: false, Redemptions: 0), ct);
        // The code travels in the fragment: browsers never send it to a server, so it stays out of access logs.
        var baseUrl = (options.Value.PublicBaseUrl ?? $"{http.Request.Scheme}://{http.Request.Host}").TrimEnd('/');
        return Results.Created($"/api/sessions/{session.Id}", new InviteResponse(person.ToString(), $"{baseUrl}/join#{code}", code, expires));
    }

    private static async Task<IResult> RedeemAsync(
        RedeemRequest request, HttpContext http, IInviteStore invites, SessionRepository sessions, TimeProvider clock, ILogger<Invite> logger, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request?.Code) || request.Code.Length > InviteCodes.MaxCodeLength)
            return Refused(logger, 400, "InvalidInvite", "That is not an invite code.");
        var invite = await invites.FindAsync(InviteCodes.Hash(request.Code.Trim()), ct);
        if (invite is null) return Refused(logger, 404, "InviteNotFound", "This invite link is not valid. Ask your mediator for a new one.");
        if (invite.IsRevoked) return Refused(logger, 410, "InviteRevoked", "This invite link was withdrawn by the mediator.");
        if (invite.ExpiresAt <= clock.GetUtcNow()) return Refused(logger, 410, "InviteExpired", "This invite link has expired. Ask your mediator for a new one.");
        var session = await sessions.LoadAsync(invite.Session, ct);
        if (session is null || !Entitlements.IsMember(session, invite.Participant) || session.Find(invite.Participant) is not { } person)
            return Refused(logger, 410, "InviteRevoked", "This session is closed or you are no longer part of it.");

        await invites.RecordRedemptionAsync(invite.CodeHash, ct);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, CaucusClaims.ForInvitee(session.Id, person));
        return Results.Ok(new RedeemResponse(session.Id.ToString(), person.Id.ToString()));
    }

    private static IResult Refused(ILogger logger, int status, string error, string message)
    {
        Log.InviteRefused(logger, error);
        return Refusals.Error(status, error, message);
    }
}
