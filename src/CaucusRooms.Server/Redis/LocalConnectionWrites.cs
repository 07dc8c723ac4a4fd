using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CaucusRooms.Server.Redis;

/// <summary>
/// The SignalR Redis backplane, but a send to named connections of this node is serialized once and written to each of
/// them, as the one-node lifetime manager writes a group. <see cref="RedisDelivery"/> has already carried a notice to every
/// node; each names its own connections of the notice's people here. The backplane alone would serialize the event again
/// for every local connection (<c>SendConnectionAsync</c>), or publish it to Redis once per connection
/// (<c>SendConnectionsAsync</c>). A named connection this node does not hold (it went away meanwhile) goes to the backplane
/// as before; everything else is the backplane's.
/// </summary>
internal sealed class LocalConnectionWrites<THub>(RedisHubLifetimeManager<THub> backplane) : HubLifetimeManager<THub>
    where THub : Hub
{
    // Added before the hub's OnConnectedAsync registers the connection, removed after its OnDisconnectedAsync: it outlives every registry entry.
    private readonly ConcurrentDictionary<string, HubConnectionContext> _here = new(StringComparer.Ordinal);

    /// <summary>Whether this node still holds the connection (a test's look at what it remembers).</summary>
    internal bool Holds(string connectionId) => _here.ContainsKey(connectionId);

    public override async Task OnConnectedAsync(HubConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _here[connection.ConnectionId] = connection;
        try
        {
            await backplane.OnConnectedAsync(connection);
        }
        catch
        {
            _here.TryRemove(connection.ConnectionId, out _);
            throw;
        }
    }

    public override async Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        try
        {
            await backplane.OnDisconnectedAsync(connection);
        }
        finally
        {
            _here.TryRemove(connection.ConnectionId, out _);
        }
    }

    public override Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionIds);
        SerializedHubMessage? message = null;
        List<Task>? slow = null;
        List<string>? elsewhere = null;
        foreach (var connectionId in connectionIds)
        {
            if (!_here.TryGetValue(connectionId, out var connection))
            {
                (elsewhere ??= []).Add(connectionId);
                continue;
            }
            // Serialized once per hub protocol, on the first write that asks for it.
            message ??= new SerializedHubMessage(new InvocationMessage(methodName, args));
            var write = connection.WriteAsync(message, cancellationToken);
            if (write.IsCompletedSuccessfully) write.GetAwaiter().GetResult();
            else (slow ??= []).Add(write.AsTask());
        }
        if (elsewhere is not null) (slow ??= []).Add(backplane.SendConnectionsAsync(elsewhere, methodName, args, cancellationToken));
        return slow is null ? Task.CompletedTask : Task.WhenAll(slow);
    }

    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        backplane.SendConnectionAsync(connectionId, methodName, args, cancellationToken);

    public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        backplane.SendAllAsync(methodName, args, cancellationToken);

    public override Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        backplane.SendAllExceptAsync(methodName, args, excludedConnectionIds, cancellationToken);

    public override Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        backplane.SendGroupAsync(groupName, methodName, args, cancellationToken);

    public override Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        backplane.SendGroupsAsync(groupNames, methodName, args, cancellationToken);

    public override Task SendGroupExceptAsync(string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        backplane.SendGroupExceptAsync(groupName, methodName, args, excludedConnectionIds, cancellationToken);

    public override Task SendUserAsync(string userId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        backplane.SendUserAsync(userId, methodName, args, cancellationToken);

    public override Task SendUsersAsync(IReadOnlyList<string> userIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        backplane.SendUsersAsync(userIds, methodName, args, cancellationToken);

    public override Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) =>
        backplane.AddToGroupAsync(connectionId, groupName, cancellationToken);

    public override Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) =>
        backplane.RemoveFromGroupAsync(connectionId, groupName, cancellationToken);

    public override Task<T> InvokeConnectionAsync<T>(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        backplane.InvokeConnectionAsync<T>(connectionId, methodName, args, cancellationToken);

    public override Task SetConnectionResultAsync(string connectionId, CompletionMessage result) =>
        backplane.SetConnectionResultAsync(connectionId, result);

    public override bool TryGetReturnType(string invocationId, [NotNullWhen(true)] out Type? type) =>
        backplane.TryGetReturnType(invocationId, out type);
}

/// <summary>Puts <see cref="LocalConnectionWrites{THub}"/> in front of the Redis backplane, for every hub.</summary>
internal static class LocalConnectionWritesRegistration
{
    /// <summary>After <c>AddStackExchangeRedis</c>: the backplane stays a singleton of its own (the container disposes it), and is what the decorator wraps.</summary>
    public static ISignalRServerBuilder AddLocalConnectionWrites(this ISignalRServerBuilder signalR)
    {
        ArgumentNullException.ThrowIfNull(signalR);
        signalR.Services.TryAddSingleton(typeof(RedisHubLifetimeManager<>));
        signalR.Services.Replace(ServiceDescriptor.Singleton(typeof(HubLifetimeManager<>), typeof(LocalConnectionWrites<>)));
        return signalR;
    }
}
