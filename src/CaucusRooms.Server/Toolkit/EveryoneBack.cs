using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.SessionState;
using CaucusRooms.Server.Sessions;

namespace CaucusRooms.Server.Toolkit;

/// <summary>
/// "Everyone back to the joint room": the domain plans who moves and who stays (locked); each move is then an ordinary
/// move through the change pipeline — checked again, stored, audited (one entry per move) and told to the people it concerns.
/// </summary>
internal sealed class EveryoneBack(SessionRepository sessions, ChangePipeline changes)
{
    public async Task<(EveryoneBackDto? Result, Refusal? Refusal)> BringAsync(SessionId id, ParticipantId mediator, CancellationToken ct)
    {
        if (await sessions.LoadAsync(id, ct) is not { } session) return (null, new Refusal(RefusalReason.UnknownSession, "No such session."));
        var (plan, refusal) = session.PlanEveryoneBack(mediator);
        if (plan is null) return (null, refusal);
        var moved = new List<ParticipantId>();
        var stayed = new List<ParticipantId>(plan.Stays);
        foreach (var person in plan.Moves)
        {
            var outcome = await changes.ChangeAsync(id, nameof(ISessionHub.EveryoneBack), (s, at) => s.Move(mediator, person, s.JointRoom.Id, at), ct);
            if (outcome.IsAccepted) moved.Add(person);
            else if (outcome.Refusal!.Reason == RefusalReason.Locked) stayed.Add(person);
        }
        var now = await sessions.LoadAsync(id, ct) ?? session;
        PersonRefDto Ref(ParticipantId p) => new(p.ToString(), now.Find(p)?.DisplayName ?? "");
        return (new EveryoneBackDto([.. moved.Select(Ref)], [.. stayed.Select(Ref)], Summary([.. moved.Select(Ref)], [.. stayed.Select(Ref)])), null);
    }

    private static string Summary(IReadOnlyList<PersonRefDto> moved, IReadOnlyList<PersonRefDto> stayed)
    {
        var first = moved.Count == 0 ? "Nobody was moved." : $"Moved {Names(moved)} to the joint room.";
        return stayed.Count == 0 ? first : $"{first} Stayed (locked): {Names(stayed)}.";
    }

    private static string Names(IReadOnlyList<PersonRefDto> people) =>
        people.Count == 1 ? people[0].DisplayName : $"{string.Join(", ", people.Take(people.Count - 1).Select(p => p.DisplayName))} and {people[^1].DisplayName}";
}
