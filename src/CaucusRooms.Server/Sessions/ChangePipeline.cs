using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.Audit;
using CaucusRooms.Server.Infrastructure;
using CaucusRooms.Server.Invites;
using CaucusRooms.Server.SessionState;

namespace CaucusRooms.Server.Sessions;

/// <summary>
/// The one way a session changes: under the session's lock, load, let the domain decide, store the changed session with
/// its audit entry (one step: see <see cref="ISessionStore"/>), then hand the event to the <see cref="SessionNotifier"/>,
/// with who is online when the store answered that with the commit (<see cref="Committed"/>: on Redis, no registry read).
/// A change without a step before its commit is first decided on the session as this node last read or stored it (on
/// Redis: no read before the script that stores it, when this node made the session's last change, as a mediator moving
/// people does); the store's version check refuses it if another node changed the session since, and a refusal is
/// decided again on the session read afresh, so what is stored and what is refused are as on a fresh read.
/// No delivery group changes: messages are addressed to their readers, so a move is one store write.
/// </summary>
internal sealed class ChangePipeline(
    SessionRepository sessions,
    IInviteStore invites,
    SessionNotifier notifier,
    Retention retention,
    TimeProvider clock,
    ILogger<ChangePipeline> logger)
{
    private const int MaxAttempts = 5;

    /// <summary>Opens a new session, run by <paramref name="accountId"/>'s mediator, and records that it was opened.</summary>
    public async Task<(MediationSession? Session, Refusal? Refusal)> OpenAsync(
        string accountId, string mediatorName, CreateSessionRequest request, string defaultAgreement, CancellationToken ct)
    {
        var mediator = ParticipantId.New();
        var (session, refusal) = MediationSession.Open(SessionId.New(), request.Title, request.Sides ?? [],
            string.IsNullOrWhiteSpace(request.AgreementText) ? defaultAgreement : request.AgreementText, mediator, mediatorName, clock.GetUtcNow());
        if (session is null) return (null, refusal);
        await sessions.CreateAsync(new StoredSession(session.ToSnapshot(), new Dictionary<string, ParticipantId> { [accountId] = mediator }),
            AuditTrail.EntryFor(session, new SessionOpened(session.Version, clock.GetUtcNow(), mediator)), ct);
        return (session, null);
    }

    /// <summary>Applies one domain operation; a refusal changes nothing and is returned as is.</summary>
    public Task<Outcome> ChangeAsync(SessionId id, string operation, Func<MediationSession, DateTimeOffset, Outcome> change, CancellationToken ct = default) =>
        ChangeAsync(id, operation, change, beforeCommit: null, ct);

    /// <summary>
    /// Applies one domain operation; once the domain accepted it, <paramref name="beforeCommit"/> runs under the same
    /// lock before the change is stored (a relay sends its message there, so only a relay that delivered is recorded).
    /// When it answers false nothing new happened (a retry of an earlier relay): nothing is stored or recorded.
    /// </summary>
    public Task<Outcome> ChangeAsync(SessionId id, string operation, Func<MediationSession, DateTimeOffset, Outcome> change,
        Func<MediationSession, Task<bool>>? beforeCommit, CancellationToken ct = default) =>
        ChangeAsync(id, operation, (s, at) => Task.FromResult(change(s, at)), beforeCommit, afterCommit: null, ct);

    /// <summary>
    /// Applies one domain operation decided on other stores too, read under the same lock (a document share looks for an
    /// earlier caucus copy of the same file, so two shares at once cannot both miss each other); once the change and its
    /// audit entry are stored, <paramref name="afterCommit"/> runs, still under the lock and before anyone is told (a share
    /// stores its document there, with the readers of the version just stored, so no share is ever stored unrecorded).
    /// </summary>
    public Task<Outcome> ChangeAsync(SessionId id, string operation, Func<MediationSession, DateTimeOffset, Task<Outcome>> decide,
        Func<MediationSession, Task> afterCommit, CancellationToken ct = default) =>
        ChangeAsync(id, operation, decide, beforeCommit: null, afterCommit, ct);

    private async Task<Outcome> ChangeAsync(SessionId id, string operation, Func<MediationSession, DateTimeOffset, Task<Outcome>> decide,
        Func<MediationSession, Task<bool>>? beforeCommit, Func<MediationSession, Task>? afterCommit, CancellationToken ct)
    {
        using var _ = await sessions.LockAsync(id, ct);
        for (var attempt = 1; ; attempt++)
        {
            // A relay's step before its commit sends a message: it is only ever taken on the session as stored now.
            var remembered = attempt == 1 && beforeCommit is null ? sessions.Remembered(id) : null;
            if ((remembered ?? await sessions.GetAsync(id, ct)) is not { } stored)
                return Outcome.Refused(RefusalReason.UnknownSession, "No such session.");
            var session = MediationSession.FromSnapshot(stored.Snapshot);
            var outcome = await decide(session, clock.GetUtcNow());
            if (!outcome.IsAccepted && remembered is not null) continue;
            if (!outcome.IsAccepted)
            {
                Log.OperationRefused(logger, id, operation, outcome.Refusal!.Reason);
                return outcome;
            }
            if (beforeCommit is not null && !await beforeCommit(session)) return outcome;
            // Another node may have changed the session since we read it: read again and re-decide.
            if (await sessions.TryReplaceAsync(session, stored, AuditTrail.EntryFor(session, outcome.Event!), ct) is not { } committed)
            {
                if (attempt == MaxAttempts) throw new InvalidOperationException($"Session {id} kept changing under {operation}.");
                continue;
            }
            if (afterCommit is not null) await afterCommit(session);
            await AfterChangeAsync(session, outcome.Event!, committed, ct);
            return outcome;
        }
    }

    // committed: who was online and the devices when the change was stored, where the store answered them with the commit (Redis).
    private async Task AfterChangeAsync(MediationSession session, SessionEvent @event, Committed committed, CancellationToken ct)
    {
        if (@event is ParticipantRemoved removed) await invites.RevokeAsync(session.Id, removed.Participant, ct);
        await notifier.ChangedAsync(session, @event, committed, ct);
        if (@event is SessionClosed) await retention.SessionClosedAsync(session);
    }
}
