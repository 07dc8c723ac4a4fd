namespace CaucusRooms.Domain.Tests;

/// <summary>Generates operations on one session, biased towards the interesting edges.</summary>
internal sealed class RandomWalk
{
    private static readonly DateTimeOffset At = SessionBuilder.At;
    private readonly Random _random;
    private readonly MediationSession _session;
    private readonly ParticipantId _stranger = ParticipantId.New();
    private readonly RoomId _unknownRoom = RoomId.New();

    public RandomWalk(Random random, int sideCount)
    {
        _random = random;
        var (session, refusal) = MediationSession.Open(SessionId.New(), "Random session",
            [.. Enumerable.Range(1, sideCount).Select(i => $"Side {i}")], "Agreement", ParticipantId.New(), "Opening mediator", At);
        _session = session ?? throw new InvalidOperationException(refusal?.ToString());
    }

    public List<string> History { get; } = [];

    /// <summary>Every message sent so far, with its readers as the domain fixed them and as an independent statement of the rule says.</summary>
    public List<SentMessage> Messages { get; } = [];

    public Step Step()
    {
        var before = _session.ToSnapshot();
        var kind = PickKind();
        var actor = PickActor(kind);
        ParticipantId? target = null;
        RoomId? room = null;
        Outcome outcome;
        string description;

        switch (kind)
        {
            case OperationKind.Invite:
                var role = Pick([Role.Mediator, Role.Party, Role.Party, Role.Advisor]);
                // Mostly well-formed; sometimes the wrong side for the role, or an unknown side.
                SideId? side = _random.Next(10) switch
                {
                    0 => SideId.New(),
                    1 => role == Role.Mediator ? Pick(_session.Sides).Id : null,
                    _ => role == Role.Mediator ? null : Pick(_session.Sides).Id,
                };
                target = _random.Next(20) == 0 && _session.People.Any() ? Pick(_session.People.ToList()).Id : ParticipantId.New();
                outcome = _session.Invite(actor, target.Value, $"Person {_session.People.Count()}", role, side, At);
                description = $"{Describe(actor)} invites {target} as {role} of {side}";
                break;
            case OperationKind.AcceptAgreement:
                var version = _random.Next(8) == 0 ? _session.AgreementVersion + 1 : _session.AgreementVersion;
                outcome = _session.AcceptAgreement(actor, "Typed Name", version, At);
                description = $"{Describe(actor)} accepts agreement v{version}";
                break;
            case OperationKind.Admit:
            case OperationKind.Move:
                target = PickTarget(kind);
                room = PickRoom();
                outcome = kind == OperationKind.Admit
                    ? _session.Admit(actor, target.Value, room.Value, At)
                    : _session.Move(actor, target.Value, room.Value, At);
                description = $"{Describe(actor)} {kind} {Describe(target.Value)} to {DescribeRoom(room.Value)}";
                break;
            case OperationKind.Lock:
            case OperationKind.Unlock:
                target = PickTarget(kind);
                outcome = _session.SetLocked(actor, target.Value, kind == OperationKind.Lock, At);
                description = $"{Describe(actor)} {kind} {Describe(target.Value)}";
                break;
            case OperationKind.Remove:
                target = PickTarget(kind);
                outcome = _session.Remove(actor, target.Value, At);
                description = $"{Describe(actor)} removes {Describe(target.Value)}";
                break;
            case OperationKind.AskForMediator:
                outcome = _session.AskForMediator(actor, At);
                description = $"{Describe(actor)} asks for mediator";
                break;
            default:
                outcome = _session.Close(actor, At);
                description = $"{Describe(actor)} closes the session";
                break;
        }

        History.Add($"{description} -> {outcome}");
        // Between operations people talk: a random person writes in a random room when they may.
        if (_random.Next(100) < 45) Say();
        return new Step(description, kind, actor, target, room, before, _session, outcome, Messages);
    }

    private void Say()
    {
        var people = _session.People.ToList();
        var sender = _random.Next(10) < 7 ? PickWhere(people, p => p.IsAdmitted) ?? Pick(people).Id : Pick(people).Id;
        var room = Pick(_session.Rooms).Id;
        if (!Entitlements.MayWrite(_session, sender, room)) return;
        var roomKind = _session.FindRoom(room)!;
        var whoWasThere = _session.People
            .Where(p => !_session.IsClosed && p.IsAdmitted
                && (p.IsMediator || (roomKind.Kind == RoomKind.Joint && p.Location.IsIn(room)) || (roomKind.Kind == RoomKind.Caucus && roomKind.Side == p.Side)))
            .Select(p => p.Id)
            .ToHashSet();
        Messages.Add(new SentMessage(room, Entitlements.Readers(_session, room), whoWasThere));
        History.Add($"{Describe(sender)} says something in {DescribeRoom(room)}");
    }

    private OperationKind PickKind()
    {
        var roll = _random.Next(1000);
        return roll switch
        {
            < 150 => OperationKind.Invite,
            < 300 => OperationKind.AcceptAgreement,
            < 470 => OperationKind.Admit,
            < 720 => OperationKind.Move,
            < 790 => OperationKind.Lock,
            < 850 => OperationKind.Unlock,
            < 910 => OperationKind.Remove,
            < 997 => OperationKind.AskForMediator,
            _ => OperationKind.Close,
        };
    }

    /// <summary>Mostly the plausible actor for the operation, often anyone at all, sometimes a stranger.</summary>
    private ParticipantId PickActor(OperationKind kind)
    {
        var people = _session.People.ToList();
        var roll = _random.Next(100);
        if (roll < 5) return _stranger;
        if (roll < 45) return Pick(people).Id;
        return kind switch
        {
            OperationKind.AcceptAgreement => PickWhere(people, p => p.IsInLobby && p.Acceptance is null) ?? Pick(people).Id,
            OperationKind.AskForMediator => PickWhere(people, p => !p.IsMediator) ?? Pick(people).Id,
            _ => PickWhere(people, p => p.IsMediator) ?? Pick(people).Id,
        };
    }

    private ParticipantId PickTarget(OperationKind kind)
    {
        var people = _session.People.ToList();
        var roll = _random.Next(100);
        if (roll < 5) return _stranger;
        if (roll < 40) return Pick(people).Id;
        return kind switch
        {
            OperationKind.Admit => PickWhere(people, p => p.IsInLobby) ?? Pick(people).Id,
            _ => PickWhere(people, p => p.IsAdmitted) ?? Pick(people).Id,
        };
    }

    private RoomId PickRoom() => _random.Next(25) == 0 ? _unknownRoom : Pick(_session.Rooms).Id;

    private ParticipantId? PickWhere(List<Participant> people, Func<Participant, bool> predicate)
    {
        var matching = people.Where(predicate).ToList();
        return matching.Count == 0 ? null : Pick(matching).Id;
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private string Describe(ParticipantId id) =>
        _session.Find(id) is { } p ? $"{p.Role}({p.Side?.ToString()[..4]},{p.Location.Kind},{(p.Acceptance is null ? "no-agreement" : "agreed")}{(p.IsLocked ? ",locked" : "")})" : "stranger";

    private string DescribeRoom(RoomId id) =>
        _session.FindRoom(id) is { } r ? $"{r.Kind}{(r.Side is { } s ? "(" + s.ToString()[..4] + ")" : "")}" : "unknown room";
}

/// <summary>A message of the walk: the readers the domain fixed when it was sent, and who was entitled then by an independent statement of the rule.</summary>
internal sealed record SentMessage(RoomId Room, IReadOnlyList<ParticipantId> Readers, IReadOnlySet<ParticipantId> WhoWasThere);
