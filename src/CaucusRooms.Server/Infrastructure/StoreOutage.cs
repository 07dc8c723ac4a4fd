using CaucusRooms.Contracts;
using Microsoft.AspNetCore.SignalR;
using StackExchange.Redis;

namespace CaucusRooms.Server.Infrastructure;

/// <summary>
/// While Redis is away nothing can be stored, so nothing is confirmed: every hub call and
/// HTTP request that needed it fails with one clear error (never a silent success).
/// </summary>
internal static class StoreOutage
{
    public const string Error = "Unavailable";

    public const string Message =
        "The service cannot reach its shared storage right now, so this was not confirmed. " +
        "Keep your draft and try again in a moment; a retry never sends a message twice.";

    public static bool IsOutage(Exception e) => e switch
    {
        RedisException or TimeoutException => true,
        AggregateException a => a.InnerExceptions.Any(IsOutage),
        _ => e.InnerException is { } inner && IsOutage(inner),
    };

    /// <summary>HTTP: a 503 with the error, for any request that failed because Redis is away.</summary>
    public static IApplicationBuilder UseStoreOutageResponses(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            try
            {
                await next(http);
            }
            catch (Exception e) when (IsOutage(e) && !http.Response.HasStarted)
            {
                Log.StoreUnavailable(http.RequestServices.GetRequiredService<ILogger<StoreOutageFilter>>(), http.Request.Path, e);
                http.Response.Clear();
                await Refusals.Error(StatusCodes.Status503ServiceUnavailable, Error, Message).ExecuteAsync(http);
            }
        });
}

/// <summary>Hub calls: the outage becomes a <see cref="HubException"/> the client can show and retry.</summary>
internal sealed class StoreOutageFilter(ILogger<StoreOutageFilter> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            return await next(invocationContext);
        }
        catch (Exception e) when (StoreOutage.IsOutage(e))
        {
            Log.StoreUnavailable(logger, invocationContext.HubMethodName, e);
            throw new HubException(HubRefusal.Format(StoreOutage.Error, StoreOutage.Message));
        }
    }
}
