using System.Collections.Concurrent;
using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.SessionState;
using CaucusRooms.Server.Sessions;

namespace CaucusRooms.Server.Toolkit;

/// <summary>
/// Room countdowns. The countdown lives in the session's state (its deadline is stored with the session, in Redis in
/// several-nodes mode), and every client counts down from that deadline. The node that started or extended it, and any
/// node that answers <c>GetTimers</c>, arms a timer of <see cref="TimeProvider"/> for the deadline; at zero the domain ends
/// it once (a second node's late notice is refused) and the notice goes to the room's people and the mediators.
/// </summary>
internal sealed class RoomTimers(ChangePipeline changes, SessionRepository sessions, TimeProvider clock, ILogger<RoomTimers> logger) : IDisposable
{
    private readonly ConcurrentDictionary<Guid, ITimer> _armed = new();

    /// <summary>Whether this node watches the countdown now (a timer of the clock is armed for its zero).</summary>
    public bool IsArmed(Guid timerId) => _armed.ContainsKey(timerId);

    public async Task<Refusal?> StartAsync(SessionId id, ParticipantId mediator, RoomId room, int seconds, CancellationToken ct)
    {
        var timerId = Guid.NewGuid();
        var outcome = await changes.ChangeAsync(id, nameof(ISessionHub.StartTimer), (s, at) => s.StartTimer(mediator, room, TimeSpan.FromSeconds(seconds), timerId, at), ct);
        if (outcome.Event is TimerStarted started) Arm(id, started.TimerId, started.EndsAt);
        return outcome.Refusal;
    }

    public async Task<Refusal?> ExtendAsync(SessionId id, ParticipantId mediator, RoomId room, int seconds, CancellationToken ct)
    {
        var outcome = await changes.ChangeAsync(id, nameof(ISessionHub.ExtendTimer), (s, at) => s.ExtendTimer(mediator, room, TimeSpan.FromSeconds(seconds), at), ct);
        if (outcome.Event is TimerExtended extended) Arm(id, extended.TimerId, extended.EndsAt);
        return outcome.Refusal;
    }

    public async Task<Refusal?> CancelAsync(SessionId id, ParticipantId mediator, RoomId room, CancellationToken ct)
    {
        var outcome = await changes.ChangeAsync(id, nameof(ISessionHub.CancelTimer), (s, at) => s.CancelTimer(mediator, room, at), ct);
        if (outcome.Event is TimerCancelled cancelled) Disarm(cancelled.TimerId);
        return outcome.Refusal;
    }

    /// <summary>The countdowns <paramref name="person"/> may see; arms on this node any that no timer here watches yet.</summary>
    public IReadOnlyList<RoomTimerDto> VisibleTo(MediationSession session, ParticipantId person)
    {
        foreach (var t in session.Timers.Where(t => !_armed.ContainsKey(t.TimerId))) Arm(session.Id, t.TimerId, t.EndsAt);
        return [.. Entitlements.VisibleTimers(session, person).Select(t => ToDto(t, TimerStates.Running))];
    }

    public static RoomTimerDto ToDto(RoomTimer t, string state) => new(t.TimerId.ToString("N"), t.Room.ToString(), state, t.EndsAt);

    private void Arm(SessionId id, Guid timerId, DateTimeOffset endsAt)
    {
        var due = endsAt - clock.GetUtcNow();
        var timer = clock.CreateTimer(_ => _ = FireAsync(id, timerId), null, due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        _armed.AddOrUpdate(timerId, timer, (_, earlier) =>
        {
            earlier.Dispose();
            return timer;
        });
    }

    private void Disarm(Guid timerId)
    {
        if (_armed.TryRemove(timerId, out var timer)) timer.Dispose();
    }

    private async Task FireAsync(SessionId id, Guid timerId)
    {
        try
        {
            var outcome = await changes.ChangeAsync(id, nameof(TimerEnded), (s, at) => s.EndTimer(timerId, at));
            // A timer that fired a moment early (or a countdown extended meanwhile) is armed again for what is left, while the
            // session still counts it down: closing a session clears its timers (the domain's rule), so none is armed again then.
            if (!outcome.IsAccepted && await sessions.LoadAsync(id) is { } session
                && session.Timers.FirstOrDefault(t => t.TimerId == timerId) is { } left)
            {
                Arm(id, timerId, left.EndsAt);
                return;
            }
            Disarm(timerId);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            ToolkitLog.TimerNoticeFailed(logger, id, e.GetType().Name);
        }
    }

    public void Dispose()
    {
        foreach (var timer in _armed.Values) timer.Dispose();
        _armed.Clear();
    }
}
