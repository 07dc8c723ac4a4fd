using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace CaucusRooms.Server.Connections;

/// <summary>
/// The hub calls each connection of this node is inside now, counted by a hub filter round every call, so that a departure
/// closes a connection only after its own calls have answered. The mediator who closes the session (or removes a person
/// with another window of their own) is among those whose connections the change closes, and their call is still running
/// its aftermath (a purge at close) when the notices go out: closing a fixed time after the notices raced that call, and
/// under load the mediator got "connection closed" for a close that had happened.
/// </summary>
internal sealed class CallsInFlight : IHubFilter
{
    private readonly ConcurrentDictionary<string, Calls> _byConnection = new();

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        var calls = _byConnection.GetOrAdd(invocationContext.Context.ConnectionId, static _ => new Calls());
        calls.Enter();
        try
        {
            return await next(invocationContext);
        }
        finally
        {
            calls.Exit();
        }
    }

    public Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        _byConnection.TryRemove(context.Context.ConnectionId, out _);
        return next(context, exception);
    }

    /// <summary>Completes when the connection is inside no hub call of this node (at once when it is in none, or not held here).</summary>
    public Task AnsweredAsync(string connectionId) =>
        _byConnection.TryGetValue(connectionId, out var calls) ? calls.IdleAsync() : Task.CompletedTask;

    /// <summary>How many connections this node counts calls for (each is forgotten when it disconnects).</summary>
    public int Connections => _byConnection.Count;

    private sealed class Calls
    {
        private readonly Lock _gate = new();
        private int _count;
        private TaskCompletionSource? _idle;

        public void Enter()
        {
            lock (_gate) _count++;
        }

        public void Exit()
        {
            TaskCompletionSource? idle;
            lock (_gate)
            {
                if (--_count > 0) return;
                (idle, _idle) = (_idle, null);
            }
            idle?.TrySetResult();
        }

        public Task IdleAsync()
        {
            lock (_gate)
                return _count == 0 ? Task.CompletedTask : (_idle ??= new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
    }
}
