namespace CaucusRooms.Domain;

/// <summary>A countdown a mediator set on one room: seen by the people located there and by the mediators; at zero a notice, never a move.</summary>
/// <param name="TimerId">Names this countdown, so a late notice of an earlier one never ends the next.</param>
/// <param name="Room">The room it counts down for.</param>
/// <param name="StartedBy">The mediator who started it.</param>
/// <param name="EndsAt">When it reaches zero (every client counts down to this).</param>
public sealed record RoomTimer(Guid TimerId, RoomId Room, ParticipantId StartedBy, DateTimeOffset EndsAt);

/// <summary>A party's or advisor's pending ask for the mediator, as the mediators' queue lists it.</summary>
/// <param name="Person">Who asked.</param>
/// <param name="Room">Where they are located now.</param>
/// <param name="At">When they asked.</param>
public sealed record PendingAsk(ParticipantId Person, RoomId Room, DateTimeOffset At);

/// <summary>
/// "Everyone back to the joint room", decided before any move: who moves and who stays because they are locked
/// in place. Each move is then an ordinary <see cref="MediationSession.Move"/>, with its own checks and event.
/// </summary>
/// <param name="Moves">The people to move to the joint room (admitted, unlocked, elsewhere).</param>
/// <param name="Stays">The people who stay where they are because they are locked.</param>
public sealed record EveryoneBackPlan(IReadOnlyList<ParticipantId> Moves, IReadOnlyList<ParticipantId> Stays);

/// <summary>A mediator started a countdown on a room.</summary>
public sealed record TimerStarted(long Version, DateTimeOffset At, ParticipantId Actor, Guid TimerId, RoomId Room, DateTimeOffset EndsAt)
    : SessionEvent(Version, At, Actor);

/// <summary>A mediator gave a running countdown more time.</summary>
public sealed record TimerExtended(long Version, DateTimeOffset At, ParticipantId Actor, Guid TimerId, RoomId Room, DateTimeOffset EndsAt)
    : SessionEvent(Version, At, Actor);

/// <summary>A mediator cancelled a running countdown.</summary>
public sealed record TimerCancelled(long Version, DateTimeOffset At, ParticipantId Actor, Guid TimerId, RoomId Room, DateTimeOffset EndsAt)
    : SessionEvent(Version, At, Actor);

/// <summary>A countdown reached zero; the actor is the mediator who started it. Nobody is moved.</summary>
public sealed record TimerEnded(long Version, DateTimeOffset At, ParticipantId Actor, Guid TimerId, RoomId Room, DateTimeOffset EndsAt)
    : SessionEvent(Version, At, Actor);

/// <summary>A mediator answered a pending ask (the answer's words travel as a message in the asker's private room, never in the event).</summary>
public sealed record AskAnswered(long Version, DateTimeOffset At, ParticipantId Actor, ParticipantId Participant)
    : SessionEvent(Version, At, Actor);
