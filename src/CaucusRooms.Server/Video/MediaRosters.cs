using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.Connections;
using CaucusRooms.Server.SessionState;

namespace CaucusRooms.Server.Video;

/// <summary>
/// Tells each person in a room who else is there ("here now"), so their client keeps exactly one peer
/// connection per person present and none with anyone else, and says who reads the room now and who would read
/// what they write in each room they may write in (the roster goes out on every admit, move and removal: exactly
/// the changes that change readers).
/// A person in the lobby hears nothing.
/// </summary>
internal sealed class MediaRosters(IConnectionRegistry connections)
{
    public async Task<MediaRosterDto> ForAsync(MediationSession session, ParticipantId person) =>
        For(session, person, await connections.OnlineAsync(session.Id));

    private static MediaRosterDto For(MediationSession session, ParticipantId person, IReadOnlySet<ParticipantId> online)
    {
        if (!Entitlements.IsInARoom(session, person) || session.Find(person) is not { } me)
            return new MediaRosterDto(null, null, [], session.MuteOnArrival, session.Version, EveryoneHere: false);
        var room = session.FindRoom(me.Location.Room!.Value)!;
        var people = Entitlements.PresentIn(session, room.Id)
            .Select(p => new RosterEntryDto(p.Id.ToString(), p.DisplayName, online.Contains(p.Id), p.Role.ToString()))
            .ToList();
        return new MediaRosterDto(room.Id.ToString(), SessionViews.Label(session, room), people, session.MuteOnArrival, session.Version,
            Entitlements.EveryoneIsIn(session, room.Id), ReadersOf(session, person));
    }

    /// <summary>For each room the person may write in now, the readers a message sent there now would get.</summary>
    private static IReadOnlyList<RoomReadersDto> ReadersOf(MediationSession session, ParticipantId person) =>
        [.. Entitlements.ReadableRooms(session, person).Where(r => Entitlements.MayWrite(session, person, r)).Select(r => new RoomReadersDto(r.ToString(),
            [.. Entitlements.Readers(session, r).Select(id => session.Find(id)!).Select(p => new ReaderDto(p.Id.ToString(), p.DisplayName, p.Role.ToString()))]))];

    /// <summary>For every person in a room, the roster of the room they are in now, addressed to them.</summary>
    /// <param name="session">The session as it is now.</param>
    /// <param name="online">Who has a connection open, read once per change by the caller.</param>
    public static IEnumerable<RosterNotice> OfEveryone(MediationSession session, IReadOnlySet<ParticipantId> online) =>
        session.People.Where(p => Entitlements.IsInARoom(session, p.Id)).Select(p => new RosterNotice([p.Id], For(session, p.Id, online)));
}
