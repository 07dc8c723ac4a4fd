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

    /// <summary>
    /// Names this connection's person, joins the groups of the rooms it starts in and answers the connection's id,
    /// which the mediator's moves name (on two nodes the mover's node knows no other node's connections).
    /// </summary>
    public async Task<string> Register(string personId, string displayName, string[] rooms)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        Context.Items["name"] = displayName;
        Context.Items["person"] = personId;
        foreach (var room in rooms) await Groups.AddToGroupAsync(Context.ConnectionId, room);
        return Context.ConnectionId;
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

    /// <summary>A move: the person's connection (on any node) leaves one group and/or joins another, and hears its new state.</summary>
    public async Task Move(string personId, string connectionId, string? leaveRoom, string? joinRoom, string[] roomsNow)
    {
        ArgumentNullException.ThrowIfNull(roomsNow);
        if (leaveRoom is not null) await Groups.RemoveFromGroupAsync(connectionId, leaveRoom);
        if (joinRoom is not null) await Groups.AddToGroupAsync(connectionId, joinRoom);
        var state = new MyStateDto(personId, "Bench person", "Party", "A", "Room", joinRoom ?? roomsNow[0], true, false,
            [.. roomsNow.Select(r => new MyRoomDto(r, "Caucus", "A", "Private — A and mediator"))], directory.NextVersion(), "moved");
        await Clients.Client(connectionId).SendAsync(nameof(ISessionClient.StateChanged), state);
    }
}

/// <summary>Each room's message counter (per node): all the state the baseline has.</summary>
internal sealed class RawDirectory
{
    private long _version;

    public ConcurrentDictionary<string, long> Seqs { get; } = new(StringComparer.Ordinal);

    public long NextVersion() => Interlocked.Increment(ref _version);
}
