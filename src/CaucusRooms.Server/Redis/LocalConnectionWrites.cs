using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CaucusRooms.Server.Redis;

/// <summary>
/// The SignalR Redis backplane, but a send to named connections of this node is serialized once and written to each of
/// them (<see cref="HeldConnections"/>), as the one-node lifetime manager writes a group; the backplane alone would
/// serialize the event again for every local connection (<c>SendConnectionAsync</c>), or publish it to Redis once per
/// connection (<c>SendConnectionsAsync</c>). A named connection this node does not hold goes to the backplane as before;
/// everything else is the backplane's.
/// </summary>
internal sealed class LocalConnectionWrites<THub>(RedisHubLifetimeManager<THub> backplane, HeldConnections held) : HubLifetimeManager<THub>
    where THub : Hub
{
    public override async Task OnConnectedAsync(HubConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        held.Add(connection);
        try
        {
            await backplane.OnConnectedAsync(connection);
        }
        catch
        {
            held.Remove(connection);
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
            held.Remove(connection);
        }
    }

    public override Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        // Serialized once per hub protocol, on the first write that asks for it.
        var here = held.WriteAsync(connectionIds, new SerializedHubMessage(new InvocationMessage(methodName, args)), out var elsewhere, cancellationToken);
        return elsewhere is null ? here : Task.WhenAll(here, backplane.SendConnectionsAsync(elsewhere, methodName, args, cancellationToken));
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
        signalR.Services.TryAddSingleton<HeldConnections>();
        signalR.Services.Replace(ServiceDescriptor.Singleton(typeof(HubLifetimeManager<>), typeof(LocalConnectionWrites<>)));
        return signalR;
    }
}
