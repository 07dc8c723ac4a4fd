namespace CaucusRooms.Domain;

/// <summary>The mediator's toolkit: announcements to every room, room timers, everyone back to the joint room, and the ask queue.</summary>
public sealed partial class MediationSession
{
    /// <summary>The shortest countdown a mediator may start.</summary>
    public static readonly TimeSpan MinTimer = TimeSpan.FromSeconds(1);

    /// <summary>The longest countdown (also after extending it).</summary>
    public static readonly TimeSpan MaxTimer = TimeSpan.FromHours(4);

    private readonly Dictionary<RoomId, RoomTimer> _timers = [];

    /// <summary>The countdowns running now, at most one per room.</summary>
    public IEnumerable<RoomTimer> Timers => _timers.Values;

    /// <summary>The countdown running in <paramref name="room"/>, or null.</summary>
    public RoomTimer? TimerOf(RoomId room) => _timers.GetValueOrDefault(room);

    /// <summary>Why <paramref name="actor"/> may not announce to every room now, or null when they may: only an acting mediator announces.</summary>
    public Refusal? WhyNotAnnounce(ParticipantId actor) => ActingMediator(actor);

    /// <summary>
    /// Where an announcement goes: every room, each with its readers fixed now by the readers rule
    /// (<see cref="Entitlements.Readers"/>). Together they are everyone admitted at this moment; nobody in the lobby.
    /// </summary>
    public IReadOnlyList<(RoomId Room, IReadOnlyList<ParticipantId> Readers)> AnnouncementRooms() =>
        [.. _rooms.Select(r => (r.Id, Entitlements.Readers(this, r.Id)))];

    /// <summary>A mediator starts a countdown of <paramref name="duration"/> on a room that has none running.</summary>
    public Outcome StartTimer(ParticipantId actor, RoomId room, TimeSpan duration, Guid timerId, DateTimeOffset at)
    {
        if (ActingMediator(actor) is { } refused) return Outcome.Refused(refused);
        if (FindRoom(room) is null) return Outcome.Refused(RefusalReason.UnknownRoom, "No such room in this session.");
        if (DurationProblem(duration) is { } bad) return Outcome.Refused(bad);
        if (_timers.ContainsKey(room)) return Outcome.Refused(RefusalReason.NoChange, "A timer already runs in that room; extend it or cancel it.");
        var timer = new RoomTimer(timerId, room, actor, at + duration);
        _timers[room] = timer;
        return Accept(v => new TimerStarted(v, at, actor, timer.TimerId, room, timer.EndsAt));
    }

    /// <summary>A mediator gives the room's running countdown <paramref name="by"/> more time.</summary>
    public Outcome ExtendTimer(ParticipantId actor, RoomId room, TimeSpan by, DateTimeOffset at)
    {
        if (RunningTimer(actor, room) is not { } timer) return Outcome.Refused(TimerProblem(actor, room)!);
        if (by <= TimeSpan.Zero || timer.EndsAt + by - at > MaxTimer)
            return Outcome.Refused(RefusalReason.InvalidInput, $"A timer may be extended by a positive time, to at most {MaxTimer.TotalHours:0} hours left.");
        var longer = timer with { EndsAt = timer.EndsAt + by };
        _timers[room] = longer;
        return Accept(v => new TimerExtended(v, at, actor, longer.TimerId, room, longer.EndsAt));
    }

    /// <summary>A mediator cancels the room's running countdown: no notice at zero.</summary>
    public Outcome CancelTimer(ParticipantId actor, RoomId room, DateTimeOffset at)
    {
        if (RunningTimer(actor, room) is not { } timer) return Outcome.Refused(TimerProblem(actor, room)!);
        _timers.Remove(room);
        return Accept(v => new TimerCancelled(v, at, actor, timer.TimerId, room, timer.EndsAt));
    }

    /// <summary>
    /// The countdown <paramref name="timerId"/> reached zero: it ends with a notice and nobody is moved. Refused when
    /// it was cancelled, extended past <paramref name="at"/>, or ended already (a second node's late notice changes nothing).
    /// </summary>
    public Outcome EndTimer(Guid timerId, DateTimeOffset at)
    {
        if (ClosedRefusal() is { } closed) return Outcome.Refused(closed);
        if (_timers.Values.FirstOrDefault(t => t.TimerId == timerId) is not { } timer)
            return Outcome.Refused(RefusalReason.NoChange, "That timer is no longer running.");
        if (at < timer.EndsAt) return Outcome.Refused(RefusalReason.NoChange, "That timer has not reached zero yet.");
        _timers.Remove(timer.Room);
        return Accept(v => new TimerEnded(v, at, timer.StartedBy, timer.TimerId, timer.Room, timer.EndsAt));
    }

    /// <summary>
    /// The asks waiting for a mediator, oldest first, each with where the person is now. An ask leaves the queue when a
    /// mediator answers it, moves the person, or comes into their room; asking again while pending changes nothing.
    /// </summary>
    public IReadOnlyList<PendingAsk> PendingAsks() =>
        [.. _people.Values.Where(p => p is { AskedForMediatorAt: not null, IsAdmitted: true })
            .OrderBy(p => p.AskedForMediatorAt)
            .Select(p => new PendingAsk(p.Id, p.Location.Room!.Value, p.AskedForMediatorAt!.Value))];

    /// <summary>A mediator answers a pending ask; it leaves the queue.</summary>
    public Outcome AnswerAsk(ParticipantId actor, ParticipantId asker, DateTimeOffset at)
    {
        if (WhyNotAnswerAsk(actor, asker) is { } refused) return Outcome.Refused(refused);
        _people[asker] = _people[asker] with { AskedForMediatorAt = null };
        return Accept(v => new AskAnswered(v, at, actor, asker));
    }

    /// <summary>Why <paramref name="actor"/> may not answer <paramref name="asker"/>'s ask now, or null when they may.</summary>
    public Refusal? WhyNotAnswerAsk(ParticipantId actor, ParticipantId asker)
    {
        if (ActingMediator(actor) is { } refused) return refused;
        if (Find(asker) is not { } p) return UnknownPerson;
        return p.AskedForMediatorAt is null ? new Refusal(RefusalReason.NoChange, "That person has no ask waiting; it was answered already.") : null;
    }

    /// <summary>
    /// Who "everyone back to the joint room" moves: every admitted person elsewhere whom <paramref name="actor"/> may move
    /// there now (<see cref="WhyNotMove"/>); who stays: those locked in place. Null with a refusal for anyone but an acting mediator.
    /// </summary>
    public (EveryoneBackPlan? Plan, Refusal? Refusal) PlanEveryoneBack(ParticipantId actor)
    {
        if (ActingMediator(actor) is { } refused) return (null, refused);
        var joint = JointRoom.Id;
        var elsewhere = _people.Values.Where(p => p.IsAdmitted && !p.Location.IsIn(joint)).OrderBy(p => p.DisplayName, StringComparer.Ordinal).ToList();
        return (new EveryoneBackPlan(
            [.. elsewhere.Where(p => WhyNotMove(actor, p.Id, joint) is null).Select(p => p.Id)],
            [.. elsewhere.Where(p => p.IsLocked).Select(p => p.Id)]), null);
    }

    private RoomTimer? RunningTimer(ParticipantId actor, RoomId room) =>
        TimerProblem(actor, room) is null ? _timers[room] : null;

    private Refusal? TimerProblem(ParticipantId actor, RoomId room)
    {
        if (ActingMediator(actor) is { } refused) return refused;
        if (FindRoom(room) is null) return new Refusal(RefusalReason.UnknownRoom, "No such room in this session.");
        return _timers.ContainsKey(room) ? null : new Refusal(RefusalReason.NoChange, "No timer runs in that room.");
    }

    private static Refusal? DurationProblem(TimeSpan duration) =>
        duration < MinTimer || duration > MaxTimer
            ? new Refusal(RefusalReason.InvalidInput, $"A timer runs for at least {MinTimer.TotalSeconds:0} second and at most {MaxTimer.TotalHours:0} hours.")
            : null;

    private void RestoreTimers(IReadOnlyList<RoomTimer>? timers)
    {
        // A closed session counts nothing down, also when it was stored with timers before closing cleared them.
        if (IsClosed) return;
        foreach (var t in timers ?? []) _timers[t.Room] = t;
    }
}
