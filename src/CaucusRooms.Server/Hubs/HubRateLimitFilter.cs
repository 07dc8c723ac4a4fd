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
internal sealed class HubRateLimitFilter(IOptions<HubRateLimitOptions> options, PersonRateLimits people, TimeProvider clock, ILogger<HubRateLimitFilter> logger) : IHubFilter, IDisposable
{
    private const string RateLimited = "RateLimited";

    // A token bucket per connection id, refilled from the time since its last call (no timer per connection); the bucket of
    // a closed connection is dropped once it has been unused for a while.
    private readonly TokenBuckets<string> _connections = new(options.Value, clock);

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        var context = invocationContext.Context;
        if (!_connections.TryTake(context.ConnectionId))
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

    public void Dispose() => _connections.Dispose();
}
