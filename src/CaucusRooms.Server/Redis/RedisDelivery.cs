using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.Connections;
using CaucusRooms.Server.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using StackExchange.Redis;

namespace CaucusRooms.Server.Redis;

/// <summary>
/// Several nodes: everything addressed to people, a sent message or a stored change's notices, is published once with
/// its addressees (a message's readers are the list fixed and sealed with it), instead of once per person group as the
/// SignalR backplane would; each node hands it to its own connections of those addressees in that session, and to no
/// other connection. Messages and notices share one channel, one envelope and one subscription queue, so what one node
/// publishes reaches every other node in the order it was published. The publishing node writes to its own connections
/// at once and skips its publish when it comes back. One channel for every session: each node receives everything and
/// looks up its own connections of the session (a dictionary read) — fine for a handful of nodes; per-session channels
/// would be the step for many. Each notice is serialized once, as the hub invocation its connections receive, on the node
/// that publishes it (<see cref="DeliveryEnvelope"/>); the other nodes write those bytes and never read the DTO again.
/// </summary>
internal sealed class RedisDelivery(
    IConnectionMultiplexer redis, NodeIdentity node, RedisConnectionRegistry registry, HeldConnections connections, IHubProtocolResolver protocols,
    ILogger<RedisDelivery> logger)
    : IMessageDelivery, INoticeDelivery, IHostedService, IDisposable
{
    private static readonly TimeSpan SubscribeRetry = TimeSpan.FromSeconds(1);

    private readonly ISubscriber _bus = redis.GetSubscriber();
    private readonly byte[] _node = DeliveryEnvelope.NodeName(node.Id);
    private readonly CancellationTokenSource _stopping = new();
    private ChannelMessageQueue? _queue;

    /// <summary>A message is a batch of one notice, to its readers.</summary>
    public Task DeliverAsync(SessionId session, IReadOnlyList<ParticipantId> readers, MessageDto message)
    {
        ArgumentNullException.ThrowIfNull(readers);
        return DeliverAsync(session, [new MessageNotice(readers, message)]);
    }

    /// <summary>
    /// Not awaited: a send's ack waits for the store (the message is kept), a change's for the session store, not for Redis
    /// to take the publish. Publishes leave in the order they are made; one that cannot go out (Redis away) loses only the
    /// live copy on the other nodes: the message or the change is stored, and each person's next load has it.
    /// </summary>
    public Task DeliverAsync(SessionId session, IReadOnlyList<Notice> notices)
    {
        ArgumentNullException.ThrowIfNull(notices);
        if (notices.Count == 0) return Task.CompletedTask;
        var carried = new CarriedNotice[notices.Count];
        for (var i = 0; i < carried.Length; i++) carried[i] = CarriedNotice.Of(notices[i], protocols.AllProtocols);
        var envelope = DeliveryEnvelope.Write(_node, session, carried);
        WriteToConnectionsHere(session, carried);
        try
        {
            _ = _bus.PublishAsync(RedisKeys.MessagesChannel, envelope, CommandFlags.FireAndForget);
        }
        catch (Exception e) when (StoreOutage.IsOutage(e))
        {
            Log.RedisCallFailed(logger, "delivery publish", e);
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
            // One at a time, in the order Redis delivered them (a queue, not concurrent handlers): what a node published keeps its order.
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
        var envelope = (ReadOnlyMemory<byte>)published.Message;
        SessionId session;
        List<CarriedNotice> notices;
        try
        {
            // The head first: this node's own publish coming back, or a session this node holds no connection of, is not read further.
            (var fromHere, session) = DeliveryEnvelope.ReadHead(envelope, _node);
            if (fromHere || !registry.HasLocalIn(session)) return;
            notices = DeliveryEnvelope.ReadNotices(envelope);
        }
        catch (InvalidDataException e)
        {
            Log.DeliveryUnreadable(logger, e);
            return;
        }
        WriteToConnectionsHere(session, notices);
    }

    /// <summary>
    /// Each notice, in the batch's order, to this node's connections of its people in the session, as one write of its
    /// frames to each of those connections. Not awaited one by one: a slow connection holds back no other delivery, and
    /// each connection's writes keep the order they were made in. A connection the registry lists here and this node no
    /// longer holds went away meanwhile: what it missed is stored, and the person's next load has it.
    /// </summary>
    private void WriteToConnectionsHere(SessionId session, IReadOnlyList<CarriedNotice> notices)
    {
        foreach (var notice in notices)
        {
            List<string>? addressed = null;
            foreach (var connection in registry.LocalIn(session))
            {
                if (notice.IsFor(connection.Person)) (addressed ??= []).Add(connection.ConnectionId);
            }
            if (addressed is null) continue;
            var write = connections.WriteAsync(addressed, new SerializedHubMessage(notice.Frames), out _);
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
            // The connection went away meanwhile; what it missed is stored, and the person's next load has it.
            Log.DeliveryFailed(logger, e.GetType().Name);
        }
    }
}
