using System.Collections.Concurrent;
using CaucusRooms.Contracts;
using Microsoft.AspNetCore.SignalR;

namespace CaucusRooms.Bench.Hosting;

/// <summary>
/// The baseline: the floor cost of SignalR for the same traffic. Plain groups, no sign-in, no
/// entitlement checks, no store, no lock; the payloads have the shapes and sizes CaucusRooms sends.
/// </summary>
internal sealed class RawHub(RawDirectory directory) : Hub
{
    public const string Path = "/hubs/raw";

    /// <summary>Names this connection's person and joins the groups of the rooms it starts in.</summary>
    public async Task Register(string personId, string displayName, string[] rooms)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        Context.Items["name"] = displayName;
        Context.Items["person"] = personId;
        directory.Connections[personId] = Context.ConnectionId;
        foreach (var room in rooms) await Groups.AddToGroupAsync(Context.ConnectionId, room);
    }

    /// <summary>A send to a room: no check at all, straight to the group.</summary>
    public async Task<SendAck> SendMessage(string roomId, string clientMessageId, string text)
    {
        var seq = directory.Seqs.AddOrUpdate(roomId, 1, (_, n) => n + 1);
        var message = new MessageDto(Guid.NewGuid().ToString("N"), roomId, seq, (string)Context.Items["person"]!,
            (string)Context.Items["name"]!, text, DateTimeOffset.UtcNow);
        await Clients.Group(roomId).SendAsync(nameof(ISessionClient.MessageReceived), message);
        return new SendAck(message.MessageId, seq);
    }

    /// <summary>A move: the person leaves one group and/or joins another, and hears its new state.</summary>
    public async Task Move(string personId, string? leaveRoom, string? joinRoom, string[] roomsNow)
    {
        ArgumentNullException.ThrowIfNull(roomsNow);
        if (!directory.Connections.TryGetValue(personId, out var connectionId)) throw new HubException(HubRefusal.Format("UnknownParticipant", "No such person."));
        if (leaveRoom is not null) await Groups.RemoveFromGroupAsync(connectionId, leaveRoom);
        if (joinRoom is not null) await Groups.AddToGroupAsync(connectionId, joinRoom);
        var state = new MyStateDto(personId, "Bench person", "Party", "A", "Room", joinRoom ?? roomsNow[0], true, false,
            [.. roomsNow.Select(r => new MyRoomDto(r, "Caucus", "A", "Private — A and mediator"))], directory.NextVersion(), "moved");
        await Clients.Client(connectionId).SendAsync(nameof(ISessionClient.StateChanged), state);
    }
}

/// <summary>Who is on which connection, and each room's message counter: all the state the baseline has.</summary>
internal sealed class RawDirectory
{
    private long _version;

    public ConcurrentDictionary<string, string> Connections { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, long> Seqs { get; } = new(StringComparer.Ordinal);

    public long NextVersion() => Interlocked.Increment(ref _version);
}
