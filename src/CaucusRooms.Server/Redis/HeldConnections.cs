using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace CaucusRooms.Server.Redis;

/// <summary>
/// This node's connections of every hub by id, so that bytes already serialized (a <see cref="CarriedNotice"/>'s frames)
/// are written to each named connection without the backplane: <see cref="RedisDelivery"/> has carried the notice to
/// every node, and each names its own connections of the notice's people here.
/// </summary>
internal sealed class HeldConnections
{
    // Added before the hub's OnConnectedAsync registers the connection, removed after its OnDisconnectedAsync: it outlives every registry entry.
    private readonly ConcurrentDictionary<string, HubConnectionContext> _here = new(StringComparer.Ordinal);

    /// <summary>Whether this node still holds the connection (a test's look at what it remembers).</summary>
    internal bool Holds(string connectionId) => _here.ContainsKey(connectionId);

    internal void Add(HubConnectionContext connection) => _here[connection.ConnectionId] = connection;

    internal void Remove(HubConnectionContext connection) => _here.TryRemove(connection.ConnectionId, out _);

    /// <summary>
    /// <paramref name="message"/> to each connection of <paramref name="connectionIds"/> this node holds, in that order;
    /// each connection's writes keep the order they were started in. <paramref name="elsewhere"/>: the ids it does not hold.
    /// </summary>
    public Task WriteAsync(IReadOnlyList<string> connectionIds, SerializedHubMessage message, out List<string>? elsewhere, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionIds);
        List<Task>? slow = null;
        elsewhere = null;
        foreach (var connectionId in connectionIds)
        {
            if (!_here.TryGetValue(connectionId, out var connection))
            {
                (elsewhere ??= []).Add(connectionId);
                continue;
            }
            var write = connection.WriteAsync(message, cancellationToken);
            if (write.IsCompletedSuccessfully) write.GetAwaiter().GetResult();
            else (slow ??= []).Add(write.AsTask());
        }
        return slow is null ? Task.CompletedTask : Task.WhenAll(slow);
    }
}
