using CaucusRooms.Contracts;
using CaucusRooms.Domain;

namespace CaucusRooms.Server.SessionState;

/// <summary>Maps the domain to the DTOs people see. Labels live here so every screen says the same.</summary>
internal static class SessionViews
{
    public static RoomDto ToDto(this Room room, MediationSession session) =>
        new(room.Id.ToString(), room.Kind.ToString(), SideName(session, room.Side), Entitlements.EveryoneIsIn(session, room.Id));

    public static string Label(MediationSession session, Room room) => room.Kind switch
    {
        RoomKind.Joint => "Everyone",
        RoomKind.Caucus => $"Private — {SideName(session, room.Side)} and mediator",
        _ => "Mediators only",
    };

    /// <summary>The whole session as <paramref name="viewer"/>, one of its mediators, sees it: with what they may do with each person.</summary>
    public static SessionViewDto ToView(MediationSession session, ParticipantId viewer, IReadOnlyDictionary<ParticipantId, int> devices, Func<ParticipantId, bool> isOnline) =>
        new(session.Id.ToString(), session.Title, session.IsClosed, session.Version, session.AgreementText, session.AgreementVersion,
            [.. session.Rooms.Select(r => r.ToDto(session))],
            [.. session.People.Select(p => new PersonDto(
                p.Id.ToString(), p.DisplayName, p.Role.ToString(), SideName(session, p.Side), p.Location.Kind.ToString(), p.Location.Room?.ToString(),
                p.Acceptance is not null, p.Acceptance?.TypedName, p.Acceptance?.AgreementVersion, p.Acceptance?.AcceptedAt,
                p.IsLocked, devices.GetValueOrDefault(p.Id), isOnline(p.Id), ToDto(PersonActions.Of(session, viewer, p.Id))))],
            session.MuteOnArrival,
            [.. session.PendingAsks().Select(a => new AskDto(a.Person.ToString(), session.Find(a.Person)!.DisplayName, SideName(session, session.Find(a.Person)!.Side), a.Room.ToString(), a.At))]);

    public static MyStateDto ToMyState(MediationSession session, Participant person, string? reason) =>
        new(person.Id.ToString(), person.DisplayName, person.Role.ToString(), SideName(session, person.Side),
            person.Location.Kind.ToString(), person.Location.Room?.ToString(), person.Acceptance is not null, person.IsLocked,
            [.. Entitlements.ReadableRooms(session, person.Id).Select(id => session.FindRoom(id)!).Select(r => ToMyRoom(session, person, r))],
            session.Version, reason);

    /// <summary>A room as <paramref name="person"/> sees it, with the consent steps the domain lets them take on its items.</summary>
    private static MyRoomDto ToMyRoom(MediationSession session, Participant person, Room room) =>
        new(room.Id.ToString(), room.Kind.ToString(), SideName(session, room.Side), Label(session, room),
            Entitlements.MayDecideConsent(session, person.Id, room.Id),
            Entitlements.MayAskForConsent(session, person.Id, room.Id),
            [.. session.Rooms.Where(to => Entitlements.MayRelay(session, person.Id, room.Id, to.Id)).Select(to => to.Id.ToString())]);

    private static PersonActionsDto ToDto(PersonActions actions) =>
        new([.. actions.AdmitTo.Select(r => r.ToString())], [.. actions.MoveTo.Select(r => r.ToString())], actions.MayLock, actions.MayUnlock, actions.MayRemove);

    public static string? SideName(MediationSession session, SideId? side) => side is { } id ? session.FindSide(id)?.Name : null;
}
