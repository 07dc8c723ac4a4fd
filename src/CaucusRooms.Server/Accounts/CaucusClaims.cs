using System.Security.Claims;
using CaucusRooms.Domain;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace CaucusRooms.Server.Accounts;

/// <summary>What a sign-in cookie says: an account (mediator or admin), or one invitee of one session.</summary>
internal static class CaucusClaims
{
    public const string Kind = "caucus:kind";
    public const string SessionClaim = "caucus:session";
    public const string ParticipantClaim = "caucus:participant";
    public const string AccountKind = "Account";
    public const string InviteeKind = "Invitee";

    public static ClaimsPrincipal ForAccount(Account account) => Principal(
        new(Kind, AccountKind),
        new(ClaimTypes.NameIdentifier, account.Id),
        new(ClaimTypes.Name, account.UserName),
        new(ClaimTypes.Role, account.Role));

    public static ClaimsPrincipal ForInvitee(SessionId session, Participant person) => Principal(
        new(Kind, InviteeKind),
        new(ClaimTypes.NameIdentifier, person.Id.ToString()),
        new(ClaimTypes.Name, person.DisplayName),
        new(ClaimTypes.Role, person.Role.ToString()),
        new(SessionClaim, session.ToString()),
        new(ParticipantClaim, person.Id.ToString()));

    /// <summary>The account id of a signed-in mediator or admin account, else null.</summary>
    public static string? AccountId(this ClaimsPrincipal user) =>
        user.FindFirstValue(Kind) == AccountKind ? user.FindFirstValue(ClaimTypes.NameIdentifier) : null;

    public static bool IsMediatorAccount(this ClaimsPrincipal user) => user.AccountId() is not null && user.IsInRole(AccountRoles.Mediator);

    public static bool IsAdminAccount(this ClaimsPrincipal user) => user.AccountId() is not null && user.IsInRole(AccountRoles.Admin);

    /// <summary>The one session and person an invite signed in, else null.</summary>
    public static (SessionId Session, ParticipantId Participant)? Invitee(this ClaimsPrincipal user) =>
        user.FindFirstValue(Kind) == InviteeKind
        && Guid.TryParse(user.FindFirstValue(SessionClaim), out var s)
        && Guid.TryParse(user.FindFirstValue(ParticipantClaim), out var p)
            ? (new SessionId(s), new ParticipantId(p))
            : null;

    private static ClaimsPrincipal Principal(params Claim[] claims) =>
        new(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme, ClaimTypes.Name, ClaimTypes.Role));
}
