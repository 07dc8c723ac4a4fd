namespace CaucusRooms.Domain.Tests;

/// <summary>
/// Generates operations on one session, biased towards the interesting edges. Every choice comes from
/// <see cref="Choices"/>, a sequence of numbers: the same sequence walks the same way, and a shorter
/// sequence of smaller numbers a shorter, plainer walk — which is what CsCheck shrinks.
/// </summary>
internal sealed class RandomWalk
{
    private readonly Choices _random;
    private readonly MediationSession _session;
    private readonly ParticipantId _stranger = ParticipantId.New();
    private readonly RoomId _unknownRoom = RoomId.New();

    /// <param name="random">The walk's choices.</param>
    /// <param name="sideCount">How many sides the session has.</param>
    /// <param name="peopled">Start with one party per side already admitted to its caucus, as a session under way (consent needs a side to decide).</param>
    public RandomWalk(Choices random, int sideCount, bool peopled = false)
    {
        _random = random;
        var mediator = ParticipantId.New();
        var (session, refusal) = MediationSession.Open(SessionId.New(), "Random session",
            [.. Enumerable.Range(1, sideCount).Select(i => $"Side {i}")], "Agreement", mediator, "Opening mediator", At);
        _session = session ?? throw new InvalidOperationException(refusal?.ToString());
        if (!peopled) return;
        foreach (var side in _session.Sides)
        {
            var party = ParticipantId.New();
            if (!_session.Invite(mediator, party, $"Party of {side.Name}", Role.Party, side.Id, At).IsAccepted
                || !_session.AcceptAgreement(party, "Typed Name", _session.AgreementVersion, At).IsAccepted
                || !_session.Admit(mediator, party, _session.CaucusOf(side.Id).Id, At).IsAccepted)
                throw new InvalidOperationException("could not bring the sides in");
        }
    }

    public List<string> History { get; } = [];

    /// <summary>Every message sent so far, with its readers as the domain fixed them and as an independent statement of the rule says.</summary>
    public List<SentMessage> Messages { get; } = [];

    /// <summary>Every caucus item said so far, with a digest of its words.</summary>
    public List<CaucusItem> Items { get; } = [];

    public Step Step()
    {
        var before = _session.ToSnapshot();
        var kind = PickKind();
        if (kind >= OperationKind.AskForConsent && Items.Count == 0) kind = OperationKind.AskForMediator;
        var actor = PickActor(kind);
        ConsentStep? consent = null;
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
            case OperationKind.AskForConsent:
                var asked = Pick(Items);
                consent = new ConsentStep(asked, false, null, null, null);
                outcome = _session.AskForConsent(actor, asked, At);
                description = $"{Describe(actor)} asks for consent on {Describe(asked)}";
                break;
            case OperationKind.ProposeSummary:
                var summarized = Pick(Items);
                var proposal = new CaucusItem(Guid.NewGuid(), summarized.Caucus, actor, $"words-{Guid.NewGuid():N}");
                if (_session.Find(actor) is { IsMediator: true, IsAdmitted: true } && Entitlements.MayWrite(_session, actor, summarized.Caucus)) Items.Add(proposal);
                consent = new ConsentStep(proposal, false, null, null, summarized);
                outcome = _session.ProposeSummary(actor, proposal, summarized, At);
                description = $"{Describe(actor)} proposes a summary of {Describe(summarized)}";
                break;
            case OperationKind.DecideConsent:
                // Mostly an item of a side that has someone admitted to decide.
                var decidable = Items.Where(i => _session.People.Any(p => p.IsAdmitted && !p.IsMediator && p.Side == _session.FindRoom(i.Caucus)?.Side)).ToList();
                var decided = _random.Next(10) < 8 && decidable.Count > 0 ? Pick(decidable) : Pick(Items);
                var approve = _random.Next(3) > 0;
                // Mostly someone of the item's own side decides; otherwise whoever the walk picked.
                var itemSide = _session.FindRoom(decided.Caucus)?.Side;
                if (_random.Next(10) < 7 && PickWhere(_session.People.ToList(), p => p.IsAdmitted && !p.IsMediator && p.Side == itemSide) is { } ofTheSide) actor = ofTheSide;
                consent = new ConsentStep(decided, approve, null, null, null);
                outcome = _session.DecideConsent(actor, decided, approve, At);
                description = $"{Describe(actor)} {(approve ? "approves" : "declines")} {Describe(decided)}";
                break;
            case OperationKind.Relay:
                // Mostly an item its side approved, so that the words and the target decide.
                var granted = Items.Where(i => _session.ConsentOf(i.Id)?.State == ConsentState.Granted).ToList();
                var relayed = _random.Next(10) < 7 && granted.Count > 0 ? Pick(granted) : Pick(Items);
                room = PickRoom();
                // Mostly the item's own words; sometimes the words of another item (a summary quoting something else).
                var digest = _random.Next(4) == 0 ? Pick(Items).WordsDigest : relayed.WordsDigest;
                consent = new ConsentStep(relayed, false, room, digest, null);
                outcome = _session.Relay(actor, relayed.Id, room.Value, digest, At);
                description = $"{Describe(actor)} relays {Describe(relayed)} to {DescribeRoom(room.Value)}";
                break;
            default:
                outcome = _session.Close(actor, At);
                description = $"{Describe(actor)} closes the session";
                break;
        }

        History.Add($"{description} -> {outcome}");
        // Between operations people talk: a random person writes in a random room when they may.
        if (_random.Next(100) < 45) Say();
        return new Step(description, kind, actor, target, room, before, _session, outcome, Messages, consent);
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
        if (roomKind.Kind == RoomKind.Caucus) Items.Add(new CaucusItem(Guid.NewGuid(), room, sender, $"words-{Guid.NewGuid():N}"));
        History.Add($"{Describe(sender)} says something in {DescribeRoom(room)}");
    }

    private OperationKind PickKind()
    {
        var roll = _random.Next(1000);
        return roll switch
        {
            < 120 => OperationKind.Invite,
            < 240 => OperationKind.AcceptAgreement,
            < 370 => OperationKind.Admit,
            < 560 => OperationKind.Move,
            < 610 => OperationKind.Lock,
            < 650 => OperationKind.Unlock,
            < 690 => OperationKind.Remove,
            < 720 => OperationKind.AskForMediator,
            < 997 => _random.Next(20) switch
            {
                < 3 => OperationKind.AskForConsent,
                < 6 => OperationKind.ProposeSummary,
                < 12 => OperationKind.DecideConsent,
                _ => OperationKind.Relay,
            },
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
            OperationKind.DecideConsent => PickWhere(people, p => !p.IsMediator && p.IsAdmitted) ?? Pick(people).Id,
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

    private string Describe(CaucusItem item) =>
        $"item {item.Id.ToString()[..4]} of {DescribeRoom(item.Caucus)} ({_session.ConsentOf(item.Id)?.State.ToString() ?? "undecided"})";

    private string DescribeRoom(RoomId id) =>
        _session.FindRoom(id) is { } r ? $"{r.Kind}{(r.Side is { } s ? "(" + s.ToString()[..4] + ")" : "")}" : "unknown room";
}

/// <summary>A message of the walk: the readers the domain fixed when it was sent, and who was entitled then by an independent statement of the rule.</summary>
internal sealed record SentMessage(RoomId Room, IReadOnlyList<ParticipantId> Readers, IReadOnlySet<ParticipantId> WhoWasThere);

/// <summary>A walk's choices, read from a generated sequence; once it is used up every choice is the first one.</summary>
internal sealed class Choices(IReadOnlyList<int> sequence)
{
    private int _next;

    /// <summary>True once every number of the sequence has been used: the walk ends there.</summary>
    public bool UsedUp => _next >= sequence.Count;

    public int Next(int maxExclusive) => UsedUp ? 0 : sequence[_next++] % maxExclusive;
}
