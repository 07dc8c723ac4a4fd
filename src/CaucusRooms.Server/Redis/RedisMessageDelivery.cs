using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.Connections;
using CaucusRooms.Server.Infrastructure;
using StackExchange.Redis;

namespace CaucusRooms.Server.Redis;

/// <summary>
/// Several nodes: a message is published once, with its readers (the list fixed and sealed with it), instead of once per
/// reader's person group as the SignalR backplane would; each node hands it to its own connections of those readers in
/// that session, and to no other connection. The sending node writes to its own connections at once and skips its
/// publish when it comes back. One channel for every session: each node receives every message and looks up its own
/// connections of the session (a dictionary read) — fine for a handful of nodes; per-session channels would be the step
/// for many.
/// </summary>
internal sealed class RedisMessageDelivery(
    IConnectionMultiplexer redis, NodeIdentity node, RedisConnectionRegistry registry, ISessionClients hub, ILogger<RedisMessageDelivery> logger)
    : IMessageDelivery, IHostedService, IDisposable
{
    private static readonly TimeSpan SubscribeRetry = TimeSpan.FromSeconds(1);

    private readonly ISubscriber _bus = redis.GetSubscriber();
    private readonly CancellationTokenSource _stopping = new();
    private ChannelMessageQueue? _queue;

    /// <summary>
    /// Not awaited: the send's ack waits for the store (the message is kept), not for Redis to take the publish, so a send
    /// costs one round trip. Publishes leave in the order they are made; one that cannot go out (Redis away) loses only the
    /// live copy on the other nodes: the message is stored, and each reader's next history load has it.
    /// </summary>
    public Task DeliverAsync(SessionId session, IReadOnlyList<ParticipantId> readers, MessageDto message)
    {
        ArgumentNullException.ThrowIfNull(readers);
        var envelope = RedisJson.Write(new Envelope(node.Id, session.Value, [.. readers.Select(r => r.Value)], message));
        WriteToConnectionsHere(session, readers, message);
        try
        {
            _bus.Publish(RedisKeys.MessagesChannel, envelope, CommandFlags.FireAndForget);
        }
        catch (Exception e) when (StoreOutage.IsOutage(e))
        {
            Log.RedisCallFailed(logger, "message publish", e);
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Subscribed before the node serves anyone; Redis restores the subscription after a reconnect by itself. With Redis
    /// away at start the node starts all the same (<c>/readyz</c> says it is not ready) and subscribes once Redis answers.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!await TrySubscribeAsync()) _ = SubscribeOnceRedisAnswersAsync(_stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        try
        {
            if (_queue is { } queue) await queue.UnsubscribeAsync();
        }
        catch (Exception e) when (StoreOutage.IsOutage(e))
        {
            Log.RedisCallFailed(logger, "message channel unsubscription", e);
        }
    }

    public void Dispose() => _stopping.Dispose();

    private async Task<bool> TrySubscribeAsync()
    {
        try
        {
            var queue = await _bus.SubscribeAsync(RedisKeys.MessagesChannel);
            // One at a time, in the order Redis delivered them (a queue, not concurrent handlers): a room's messages keep their order.
            queue.OnMessage(Received);
            _queue = queue;
            return true;
        }
        catch (Exception e) when (StoreOutage.IsOutage(e))
        {
            Log.RedisCallFailed(logger, "message channel subscription", e);
            return false;
        }
    }

    private async Task SubscribeOnceRedisAnswersAsync(CancellationToken stopping)
    {
        try
        {
            while (!await TrySubscribeAsync()) await Task.Delay(SubscribeRetry, stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private void Received(ChannelMessage published)
    {
        Envelope envelope;
        try
        {
            envelope = RedisJson.Read<Envelope>(published.Message.ToString());
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidDataException)
        {
            Log.DeliveryUnreadable(logger, e);
            return;
        }
        if (envelope.Node == node.Id) return;
        WriteToConnectionsHere(new SessionId(envelope.Session), [.. envelope.Readers.Select(r => new ParticipantId(r))], envelope.Message);
    }

    /// <summary>
    /// This node's connections of the session whose person is one of the message's readers. Not awaited one by one: a slow
    /// connection holds back no other delivery, and each connection's writes keep the order they were made in.
    /// </summary>
    private void WriteToConnectionsHere(SessionId session, IReadOnlyList<ParticipantId> readers, MessageDto message)
    {
        foreach (var connection in registry.LocalIn(session))
        {
            if (!readers.Contains(connection.Person)) continue;
            var write = hub.Clients.Client(connection.ConnectionId).MessageReceived(message);
            if (!write.IsCompletedSuccessfully) _ = ObserveAsync(write);
        }
    }

    private async Task ObserveAsync(Task write)
    {
        try
        {
            await write;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The connection went away meanwhile; the message is stored and its history answers the person's next load.
            Log.DeliveryFailed(logger, e.GetType().Name);
        }
    }

    /// <summary>What one publish carries: the sending node, the session, the readers stored with the message, the message.</summary>
    internal sealed record Envelope(string Node, Guid Session, Guid[] Readers, MessageDto Message);
}
