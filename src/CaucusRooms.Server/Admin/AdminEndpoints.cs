using System.Security.Claims;
using CaucusRooms.Server.Accounts;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace CaucusRooms.Server.Admin;

internal static class AdminEndpoints
{
    public const string AdminPolicy = "admin";
    public const string ReadyTag = "ready";

    /// <summary><c>/api/admin</c>, for admins only; the health probes beside it answer anyone.</summary>
    public static RouteGroupBuilder MapAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").RequireAuthorization(AdminPolicy);
        admin.MapGet("/health", async (HealthFigures figures, CancellationToken ct) => Results.Ok(await figures.CollectAsync(ct)));

        // Liveness: the process answers. Readiness: everything it needs to serve (Redis too, when configured).
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) });
        return admin;
    }

    /// <summary>Admins are accounts with the Admin role; an invitee never is, whatever their claims say.</summary>
    public static bool IsAdmin(ClaimsPrincipal user) => user.IsAdminAccount();
}
