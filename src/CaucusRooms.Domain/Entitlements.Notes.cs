namespace CaucusRooms.Domain;

public static partial class Entitlements
{
    /// <summary>
    /// Writes the session's private notes: a mediator acting now, in the open session. Nobody else ever writes them —
    /// not a party, an advisor, a co-mediator still in the lobby, nor an admin. They are read and exported as the
    /// session's records are (<see cref="MayReadRecords"/>): after it closes, by a mediator who ran it, until its purge.
    /// </summary>
    public static bool MayKeepNotes(MediationSession session, ParticipantId personId) => ActsAsMediator(session, personId);
}
