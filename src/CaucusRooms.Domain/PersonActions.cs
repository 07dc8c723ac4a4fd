namespace CaucusRooms.Domain;

/// <summary>
/// What one mediator may do with one person right now, by the same checks the operations make:
/// the screens offer exactly these actions and decide no rule of their own.
/// </summary>
/// <param name="AdmitTo">The rooms the person may be admitted to (empty unless they wait in the lobby with the agreement accepted).</param>
/// <param name="MoveTo">The rooms the person may be moved to (not where they are; empty while locked).</param>
/// <param name="MayLock">The person may be locked in place.</param>
/// <param name="MayUnlock">The person may be unlocked.</param>
/// <param name="MayRemove">The person may be removed (never oneself).</param>
public sealed record PersonActions(IReadOnlyList<RoomId> AdmitTo, IReadOnlyList<RoomId> MoveTo, bool MayLock, bool MayUnlock, bool MayRemove)
{
    /// <summary>What <paramref name="actor"/> may do with <paramref name="person"/> in <paramref name="session"/> now.</summary>
    public static PersonActions Of(MediationSession session, ParticipantId actor, ParticipantId person)
    {
        ArgumentNullException.ThrowIfNull(session);
        return new(
            [.. session.Rooms.Where(r => session.WhyNotAdmit(actor, person, r.Id) is null).Select(r => r.Id)],
            [.. session.Rooms.Where(r => session.WhyNotMove(actor, person, r.Id) is null).Select(r => r.Id)],
            session.WhyNotSetLocked(actor, person, locked: true) is null,
            session.WhyNotSetLocked(actor, person, locked: false) is null,
            session.WhyNotRemove(actor, person) is null);
    }
}
