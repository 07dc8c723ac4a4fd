using CaucusRooms.Contracts;
using CaucusRooms.Domain;

namespace CaucusRooms.Server.Sessions;

/// <summary>What the toolkit's changes tell people: a room's countdown goes to the people located there and the mediators, nobody else.</summary>
internal static class TimerNotices
{
    public static void AddTo(ChangeNotices notices, MediationSession session, SessionEvent @event)
    {
        var notice = @event switch
        {
            TimerStarted e => (e.Room, new RoomTimerDto(e.TimerId.ToString("N"), e.Room.ToString(), TimerStates.Running, e.EndsAt)),
            TimerExtended e => (e.Room, new RoomTimerDto(e.TimerId.ToString("N"), e.Room.ToString(), TimerStates.Running, e.EndsAt)),
            TimerCancelled e => (e.Room, new RoomTimerDto(e.TimerId.ToString("N"), e.Room.ToString(), TimerStates.Cancelled, e.EndsAt)),
            TimerEnded e => (e.Room, new RoomTimerDto(e.TimerId.ToString("N"), e.Room.ToString(), TimerStates.Ended, e.EndsAt)),
            _ => ((RoomId, RoomTimerDto)?)null,
        };
        if (notice is var (room, dto)) notices.Timer(Entitlements.TimerAudience(session, room), dto);
    }
}
