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
        SessionBusyException => false,
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
            catch (Exception e) when (Told(e, http.RequestServices.GetRequiredService<ILogger<StoreOutageFilter>>(), http.Request.Path) is { } told
                && !http.Response.HasStarted)
            {
                http.Response.Clear();
                await Refusals.Error(StatusCodes.Status503ServiceUnavailable, told.Error, told.Sentence).ExecuteAsync(http);
            }
        });

    /// <summary>What the caller is told of a failure that is an outage or a busy session (logged here, once), or null for any other.</summary>
    public static (string Error, string Sentence)? Told(Exception e, ILogger logger, string operation)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e is SessionBusyException)
        {
            Log.SessionBusy(logger, operation);
            return (SessionBusyException.Error, SessionBusyException.Sentence);
        }
        if (!IsOutage(e)) return null;
        Log.StoreUnavailable(logger, operation, e);
        return (Error, Message);
    }
}

/// <summary>Hub calls: the outage (or a busy session) becomes a <see cref="HubException"/> the client can show and retry.</summary>
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
        catch (Exception e) when (StoreOutage.Told(e, logger, invocationContext.HubMethodName) is { } told)
        {
            throw new HubException(HubRefusal.Format(told.Error, told.Sentence));
        }
    }
}
