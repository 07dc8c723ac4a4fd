namespace CaucusRooms.Domain;

public static partial class Entitlements
{
    /// <summary>
    /// Writes the session's private notes: a mediator acting now, in the open session. Nobody else ever reads or
    /// writes them — not a party, an advisor, a co-mediator still in the lobby, nor an admin.
    /// </summary>
    public static bool MayKeepNotes(MediationSession session, ParticipantId personId) => ActsAsMediator(session, personId);

    /// <summary>
    /// Reads or exports the session's private notes: whoever may read its records (<see cref="MayReadRecords"/>), so a
    /// mediator who ran it can still export them after it closed, until its purge deletes them.
    /// </summary>
    public static bool MayReadNotes(MediationSession session, ParticipantId personId, bool ranItToTheEnd) =>
        MayReadRecords(session, personId, ranItToTheEnd);
}
