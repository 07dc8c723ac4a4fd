using CaucusRooms.Contracts;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace CaucusRooms.Client.Live;

/// <summary>The mediator's toolkit on the link: room countdowns (as the service lists them to this person), announcements, everyone back, answers to asks.</summary>
public sealed partial class SessionLink
{
    private readonly Dictionary<string, RoomTimerDto> _timers = new(StringComparer.Ordinal);

    /// <summary>The countdowns this person may see, by room: running ones, and ones that reached zero until dismissed.</summary>
    public IReadOnlyCollection<RoomTimerDto> Timers => _timers.Values;

    /// <summary>Puts away the "time is up" notice of a room.</summary>
    public void DismissTimer(string roomId)
    {
        if (_timers.TryGetValue(roomId, out var t) && t.State == TimerStates.Ended) _timers.Remove(roomId);
    }

    /// <summary>A mediator says <paramref name="text"/> once in every room; returns the refusal, or null.</summary>
    public Task<string?> AnnounceAsync(string text) => ActAsync(nameof(ISessionHub.Announce), Guid.NewGuid().ToString("N"), text);

    /// <summary>A mediator brings everyone who is not locked back to the joint room; returns the service's summary, or the refusal.</summary>
    public async Task<string> EveryoneBackAsync()
    {
        try
        {
            return (await _hub.InvokeAsync<EveryoneBackDto>(nameof(ISessionHub.EveryoneBack))).Summary;
        }
        catch (Exception e) when (e is HubException or InvalidOperationException or TaskCanceledException)
        {
            return HubRefusal.SentenceOf(e.Message);
        }
    }

    private void ListenToToolkit() =>
        _hub.On<RoomTimerDto>(nameof(ISessionClient.TimerChanged), t =>
        {
            if (t.State == TimerStates.Cancelled) _timers.Remove(t.RoomId);
            else _timers[t.RoomId] = t;
            return NotifyAsync();
        });

    /// <summary>The countdowns the service lists for this person now (after a move, only their new room's).</summary>
    private async Task FetchTimersAsync()
    {
        try
        {
            var visible = await _hub.InvokeAsync<IReadOnlyList<RoomTimerDto>>(nameof(ISessionHub.GetTimers));
            _timers.Clear();
            foreach (var t in visible) _timers[t.RoomId] = t;
        }
        catch (HubException)
        {
            // Not in the session now: the next state says so.
        }
    }
}
