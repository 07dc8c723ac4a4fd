namespace CaucusRooms.Domain;

public static partial class Entitlements
{
    /// <summary>
    /// A room's countdown is seen by the people located in that room now and by the mediators acting now (their
    /// board shows every room's). Nobody else learns that a room has one (invariant 11).
    /// </summary>
    public static bool MaySeeTimerOf(MediationSession session, ParticipantId personId, RoomId room)
    {
        ArgumentNullException.ThrowIfNull(session);
        return ActsAsMediator(session, personId) || MaySeeMediaOf(session, personId, room);
    }

    /// <summary>The countdowns <paramref name="personId"/> may see now: every room's for a mediator, their own room's for anyone else.</summary>
    public static IReadOnlyList<RoomTimer> VisibleTimers(MediationSession session, ParticipantId personId)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.IsClosed ? [] : [.. session.Timers.Where(t => MaySeeTimerOf(session, personId, t.Room)).OrderBy(t => t.EndsAt)];
    }

    /// <summary>Who hears about a room's countdown now: the people located there and the acting mediators.</summary>
    public static IReadOnlyList<ParticipantId> TimerAudience(MediationSession session, RoomId room)
    {
        ArgumentNullException.ThrowIfNull(session);
        return [.. session.People.Where(p => MaySeeTimerOf(session, p.Id, room)).Select(p => p.Id)];
    }
}
