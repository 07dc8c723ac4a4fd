namespace CaucusRooms.Domain;

/// <summary>A plain copy of a session's whole state, for stores and for comparing states.</summary>
public sealed record SessionSnapshot(
    SessionId Id,
    string Title,
    string AgreementText,
    int AgreementVersion,
    IReadOnlyList<Side> Sides,
    IReadOnlyList<Room> Rooms,
    IReadOnlyList<Participant> People,
    long Version,
    bool IsClosed,
    bool MuteOnArrival = true,
    IReadOnlyList<ItemConsent>? Consents = null,
    IReadOnlyList<RoomTimer>? Timers = null)
{
    /// <summary>A canonical text form: two snapshots describe the same state exactly when these are equal.</summary>
    public string Canonical() =>
        string.Join('\n',
            new[] { $"{Id}|{Title}|{AgreementVersion}|{Version}|{IsClosed}|{MuteOnArrival}" }
                .Concat(Sides.Select(s => $"side {s.Id} {s.Name}"))
                .Concat(Rooms.Select(r => $"room {r.Id} {r.Kind} {r.Side}"))
                .Concat(People.OrderBy(p => p.Id.Value).Select(p =>
                    $"person {p.Id} {p.DisplayName} {p.Role} {p.Side} {p.Location} {p.IsLocked} {p.Acceptance} {p.AskedForMediatorAt:O}"))
                .Concat((Consents ?? []).OrderBy(c => c.ItemId).Select(c => $"consent {c}"))
                .Concat((Timers ?? []).OrderBy(t => t.Room.Value).Select(t => $"timer {t}")));
}

public sealed partial class MediationSession
{
    /// <summary>A copy of the whole state.</summary>
    public SessionSnapshot ToSnapshot() =>
        new(Id, Title, AgreementText, AgreementVersion, [.. _sides], [.. _rooms], [.. _people.Values.OrderBy(p => p.Id.Value)], Version, IsClosed, MuteOnArrival,
            [.. _consents.Values.OrderBy(c => c.ItemId)], [.. _timers.Values.OrderBy(t => t.Room.Value)]);

    /// <summary>Rebuilds a session from a snapshot taken with <see cref="ToSnapshot"/>.</summary>
    public static MediationSession FromSnapshot(SessionSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var session = new MediationSession(snapshot.Id, snapshot.Title, snapshot.AgreementText, snapshot.AgreementVersion,
            snapshot.Sides, snapshot.Rooms, snapshot.People, snapshot.Version, snapshot.IsClosed, snapshot.MuteOnArrival);
        session.RestoreConsents(snapshot.Consents);
        session.RestoreTimers(snapshot.Timers);
        return session;
    }
}
