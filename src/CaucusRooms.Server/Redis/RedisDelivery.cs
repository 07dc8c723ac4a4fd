using System.Text.Json;
using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.Connections;
using CaucusRooms.Server.Infrastructure;
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
/// would be the step for many.
/// </summary>
internal sealed class RedisDelivery(
    IConnectionMultiplexer redis, NodeIdentity node, RedisConnectionRegistry registry, ISessionClients hub, ILogger<RedisDelivery> logger)
    : IMessageDelivery, INoticeDelivery, IHostedService, IDisposable
{
    private static readonly TimeSpan SubscribeRetry = TimeSpan.FromSeconds(1);

    private readonly ISubscriber _bus = redis.GetSubscriber();
    private readonly CancellationTokenSource _stopping = new();
    private ChannelMessageQueue? _queue;

    /// <summary>A message is a batch of one notice, to its readers.</summary>
    public Task DeliverAsync(SessionId session, IReadOnlyList<ParticipantId> readers, MessageDto message)
    {
        ArgumentNullException.ThrowIfNull(readers);
        return DeliverAsync(session, [new MessageNotice([.. readers], message)]);
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
        var envelope = RedisJson.WriteUtf8(new Envelope(node.Id, session.Value, notices));
        WriteToConnectionsHere(session, notices);
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
        var json = ((ReadOnlyMemory<byte>)published.Message).Span;
        Envelope envelope;
        try
        {
            // The head first: this node's own publish coming back, or a session this node holds no connection of, is not read further.
            var (fromHere, session) = Envelope.ReadHead(json, node.Id);
            if (fromHere || !registry.HasLocalIn(new SessionId(session))) return;
            envelope = RedisJson.Read<Envelope>(json);
            // An envelope of an older node (a message and its readers, no notices) is unreadable here, not a crash.
            if (envelope.Notices is null || envelope.Notices.Any(n => n?.To is null)) throw new InvalidDataException("The envelope names no notices.");
        }
        // NotSupportedException: a notice without its event name.
        catch (Exception e) when (e is JsonException or InvalidDataException or NotSupportedException or InvalidOperationException or FormatException)
        {
            Log.DeliveryUnreadable(logger, e);
            return;
        }
        WriteToConnectionsHere(new SessionId(envelope.Session), envelope.Notices);
    }

    /// <summary>
    /// Each notice, in the batch's order, to this node's connections of its people in the session, as one send to those
    /// connections: <see cref="LocalConnectionWrites{THub}"/> serializes it once for all of them. Not awaited one by one: a
    /// slow connection holds back no other delivery, and each connection's writes keep the order they were made in.
    /// </summary>
    private void WriteToConnectionsHere(SessionId session, IReadOnlyList<Notice> notices)
    {
        foreach (var notice in notices)
        {
            List<string>? addressed = null;
            foreach (var connection in registry.LocalIn(session))
            {
                if (notice.IsFor(connection.Person)) (addressed ??= []).Add(connection.ConnectionId);
            }
            if (addressed is null) continue;
            var write = notice.SendTo(hub.Clients.Clients(addressed));
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

    /// <summary>
    /// What one publish carries: the publishing node, the session, and the notices (a message, or one change's) with their
    /// addressees. The node and the session are written first, so a receiving node reads them alone and skips the rest
    /// (and every message in it) when it has nothing to do with it.
    /// </summary>
    internal sealed record Envelope(string Node, Guid Session, IReadOnlyList<Notice> Notices)
    {
        private static readonly string NodeName = RedisJson.Options.PropertyNamingPolicy!.ConvertName(nameof(Node));
        private static readonly string SessionName = RedisJson.Options.PropertyNamingPolicy!.ConvertName(nameof(Session));

        /// <summary>Whether the envelope comes from <paramref name="thisNode"/>, and its session; stops reading once it knows both.</summary>
        /// <exception cref="InvalidDataException">The envelope's object names no node or no session.</exception>
        public static (bool FromThisNode, Guid Session) ReadHead(ReadOnlySpan<byte> json, string thisNode)
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw new InvalidDataException("The envelope is no JSON object.");
            bool? fromThisNode = null;
            Guid? session = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals(NodeName))
                {
                    reader.Read();
                    fromThisNode = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(thisNode);
                }
                else if (reader.ValueTextEquals(SessionName))
                {
                    reader.Read();
                    session = reader.GetGuid();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
                if (fromThisNode is { } mine && session is { } id) return (mine, id);
            }
            throw new InvalidDataException("The envelope names no node or no session.");
        }
    }
}
