using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace CaucusRooms.Server.Infrastructure;

/// <summary>
/// <c>/healthz</c>: the process serves requests. <c>/readyz</c>: it can also store and deliver
/// (with Redis: Redis answers). Neither says anything about sessions or people.
/// </summary>
internal static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) });
        return app;
    }
}
