namespace CaucusRooms.Domain;

/// <summary>
/// The session aggregate: the only gate to a session's rooms, people and locations.
/// Every change is a method that checks the rules first, then records an event and
/// bumps <see cref="Version"/>. A refused operation changes nothing.
/// </summary>
public sealed partial class MediationSession
{
    /// <summary>The longest display name, typed name, title or side name accepted.</summary>
    public const int MaxNameLength = 100;

    private readonly List<Side> _sides;
    private readonly List<Room> _rooms;
    private readonly Dictionary<ParticipantId, Participant> _people;

    private MediationSession(SessionId id, string title, string agreementText, int agreementVersion,
        IEnumerable<Side> sides, IEnumerable<Room> rooms, IEnumerable<Participant> people, long version, bool isClosed, bool muteOnArrival)
    {
        Id = id;
        Title = title;
        AgreementText = agreementText;
        AgreementVersion = agreementVersion;
        _sides = [.. sides];
        _rooms = [.. rooms];
        _people = people.ToDictionary(p => p.Id);
        Version = version;
        IsClosed = isClosed;
        MuteOnArrival = muteOnArrival;
    }

    /// <summary>The session's id.</summary>
    public SessionId Id { get; }

    /// <summary>The title the mediator gave (seen by its mediators only).</summary>
    public string Title { get; }

    /// <summary>The confidentiality agreement everyone accepts before admission.</summary>
    public string AgreementText { get; }

    /// <summary>The agreement's version; acceptances name the version they accepted.</summary>
    public int AgreementVersion { get; }

    /// <summary>Bumped by every accepted operation.</summary>
    public long Version { get; private set; }

    /// <summary>True once a mediator closed the session.</summary>
    public bool IsClosed { get; private set; }

    /// <summary>People arriving in a room start with their microphone muted (on by default; a mediator may turn it off).</summary>
    public bool MuteOnArrival { get; private set; }

    /// <summary>The sides, in the order the mediator named them.</summary>
    public IReadOnlyList<Side> Sides => _sides;

    /// <summary>The joint room, one caucus per side, and the mediators' room.</summary>
    public IReadOnlyList<Room> Rooms => _rooms;

    /// <summary>Everyone ever invited, including removed people.</summary>
    public IEnumerable<Participant> People => _people.Values;

    /// <summary>The same people as <see cref="People"/>, for the loops of every send (a struct enumerator, and a count).</summary>
    internal Dictionary<ParticipantId, Participant>.ValueCollection Everyone => _people.Values;

    /// <summary>The joint room.</summary>
    public Room JointRoom => _rooms.Single(r => r.Kind == RoomKind.Joint);

    /// <summary>The mediators' room.</summary>
    public Room MediatorsRoom => _rooms.Single(r => r.Kind == RoomKind.Mediators);

    /// <summary>The caucus room of <paramref name="side"/>.</summary>
    public Room CaucusOf(SideId side) => _rooms.Single(r => r.Kind == RoomKind.Caucus && r.Side == side);

    /// <summary>The person with that id, or null.</summary>
    public Participant? Find(ParticipantId id) => _people.GetValueOrDefault(id);

    /// <summary>The room with that id, or null.</summary>
    public Room? FindRoom(RoomId id)
    {
        // A loop, not List.Find with a lambda: every send asks this several times, and the lambda captured id each time.
        foreach (var room in _rooms)
            if (room.Id == id) return room;
        return null;
    }

    /// <summary>The side with that id, or null.</summary>
    public Side? FindSide(SideId id) => _sides.Find(s => s.Id == id);

    /// <summary>
    /// Opens a session: checks the title and sides, creates the joint room, one caucus per
    /// side and the mediators' room, and places the opening mediator in the mediators' room.
    /// The opening mediator wrote the agreement, so their acceptance is recorded with it.
    /// </summary>
    public static (MediationSession? Session, Refusal? Refusal) Open(
        SessionId id, string title, IReadOnlyList<string> sideNames, string agreementText,
        ParticipantId mediator, string mediatorName, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(sideNames);
        if (NameProblem(title, "title") is { } badTitle) return (null, badTitle);
        if (NameProblem(mediatorName, "display name") is { } badName) return (null, badName);
        var names = sideNames.Select(n => n?.Trim() ?? "").ToList();
        if (names.Count < 2)
            return (null, new Refusal(RefusalReason.InvalidSides, "A session needs at least two sides."));
        foreach (var n in names)
        {
            if (NameProblem(n, "side name") is { } badSide) return (null, badSide);
        }
        if (names.Distinct(StringComparer.OrdinalIgnoreCase).Count() != names.Count)
            return (null, new Refusal(RefusalReason.InvalidSides, "Side names must be different from each other."));
        if (string.IsNullOrWhiteSpace(agreementText))
            return (null, new Refusal(RefusalReason.InvalidName, "The agreement text must not be empty."));

        var sides = names.Select(n => new Side(SideId.New(), n)).ToList();
        var mediatorsRoom = new Room(RoomId.New(), RoomKind.Mediators, null);
        var rooms = new List<Room> { new(RoomId.New(), RoomKind.Joint, null) };
        rooms.AddRange(sides.Select(s => new Room(RoomId.New(), RoomKind.Caucus, s.Id)));
        rooms.Add(mediatorsRoom);
        var opener = new Participant(mediator, mediatorName.Trim(), Role.Mediator, null,
            Location.In(mediatorsRoom.Id), new AgreementAcceptance(mediatorName.Trim(), 1, at), IsLocked: false);
        var session = new MediationSession(id, title.Trim(), agreementText, 1, sides, rooms, [opener], version: 1, isClosed: false, muteOnArrival: true);
        return (session, null);
    }

    private static Refusal? NameProblem(string? name, string what) =>
        string.IsNullOrWhiteSpace(name)
            ? new Refusal(RefusalReason.InvalidName, $"The {what} must not be empty.")
            : name.Trim().Length > MaxNameLength
                ? new Refusal(RefusalReason.InvalidName, $"The {what} must be at most {MaxNameLength} characters.")
                : null;
}
