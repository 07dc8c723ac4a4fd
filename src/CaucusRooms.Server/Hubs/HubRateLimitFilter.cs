using System.Threading.RateLimiting;
using CaucusRooms.Contracts;
using CaucusRooms.Server.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace CaucusRooms.Server.Hubs;

/// <summary>
/// Every hub call passes here: a token bucket per connection, and for writes one per person across their
/// connections (a flooding client gets a clear error; everyone else is served as usual), and unexpected
/// failures are logged without the call's arguments.
/// </summary>
internal sealed class HubRateLimitFilter(IOptions<HubRateLimitOptions> options, PersonRateLimits people, ILogger<HubRateLimitFilter> logger) : IHubFilter
{
    private const string LimiterKey = "caucus:rate-limiter";
    private const string RateLimited = "RateLimited";

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        var context = invocationContext.Context;
        if (!context.Items.TryGetValue(LimiterKey, out var item) || item is not TokenBucketRateLimiter limiter)
        {
            limiter = new TokenBucketRateLimiter(options.Value.Bucket());
            context.Items[LimiterKey] = limiter;
        }
        using var lease = limiter.AttemptAcquire();
        if (!lease.IsAcquired)
        {
            Log.RateLimited(logger, context.ConnectionId);
            throw new HubException(HubRefusal.Format(RateLimited, "Too many requests from this connection; wait a moment and try again."));
        }
        // Writes are also counted per person, across all their connections: more windows buy no more sends.
        if (PersonRateLimits.Counted.Contains(invocationContext.HubMethodName)
            && SessionHub.CallerOf(context) is { } caller && !people.TryAcquire(caller.Session, caller.Person))
        {
            Log.RateLimited(logger, context.ConnectionId);
            throw new HubException(HubRefusal.Format(RateLimited, "Too many messages and requests from you across your windows; wait a moment and try again."));
        }
        try
        {
            return await next(invocationContext);
        }
        catch (Exception e) when (e is not HubException and not OperationCanceledException)
        {
            // SignalR's own dispatcher log is switched off (it reports every refusal as an error);
            // real failures are logged here, without arguments, so no message text reaches a log.
            Log.HubMethodFailed(logger, invocationContext.HubMethodName, e.GetType().Name);
            throw;
        }
    }

    public Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.Context.Items.TryGetValue(LimiterKey, out var item) && item is IDisposable limiter) limiter.Dispose();
        return next(context, exception);
    }
}
