using System.Security.Claims;
using CaucusRooms.Contracts;
using CaucusRooms.Server.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace CaucusRooms.Server.Accounts;

internal static class AuthEndpoints
{
    public static RouteGroupBuilder MapAuth(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api");
        group.MapPost("/auth/login", LoginAsync).RequireRateLimiting(RateLimits.SignIn);
        group.MapPost("/auth/logout", async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.NoContent();
        });
        group.MapGet("/me", (ClaimsPrincipal user) =>
        {
            var invitee = user.Invitee();
            return Results.Ok(new MeResponse(
                user.FindFirstValue(CaucusClaims.Kind) ?? "",
                user.FindFirstValue(ClaimTypes.Role) ?? "",
                user.Identity?.Name ?? "",
                invitee?.Session.ToString(),
                invitee?.Participant.ToString()));
        }).RequireAuthorization();
        return group;
    }

    private static async Task<IResult> LoginAsync(LoginRequest request, HttpContext http, IAccountStore accounts, PasswordCheck passwords)
    {
        if (string.IsNullOrEmpty(request?.UserName) || string.IsNullOrEmpty(request.Password) || request.UserName.Length > 200 || request.Password.Length > 1000)
            return WrongCredentials();
        var account = await accounts.FindByUserNameAsync(request.UserName, http.RequestAborted);
        if (!passwords.Verify(account, request.Password))
            return WrongCredentials();
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, CaucusClaims.ForAccount(account));
        return Results.Ok(new MeResponse(CaucusClaims.AccountKind, account.Role, account.UserName, null, null));
    }

    // One answer for an unknown user and a wrong password: the reply must not tell which.
    private static IResult WrongCredentials() =>
        Refusals.Error(StatusCodes.Status401Unauthorized, "InvalidCredentials", "Wrong user name or password.");
}
