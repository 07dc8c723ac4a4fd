using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.Audit;
using CaucusRooms.Server.Infrastructure;
using CaucusRooms.Server.Invites;
using CaucusRooms.Server.Rooms;
using CaucusRooms.Server.Video;
using Microsoft.AspNetCore.SignalR;

namespace CaucusRooms.Server.Sessions;

/// <summary>
/// The one way a session changes: under the session's lock, load, let the domain decide,
/// store, then tell the people concerned and close the connections of people who are gone.
/// No delivery group changes: messages are addressed to their readers, so a move is one store write.
/// </summary>
internal sealed class SessionCoordinator(
    ISessionStore store,
    IInviteStore invites,
    IConnectionRegistry connections,
    Departures departures,
    ISessionLocks locks,
    IHubContext<SessionHub, ISessionClient> hub,
    MediaRosters rosters,
    CaucusMetrics metrics,
    AuditTrail audit,
    Retention retention,
    TimeProvider clock,
    ILogger<SessionCoordinator> logger)
{
    private const int MaxAttempts = 5;

    public DateTimeOffset Now => clock.GetUtcNow();

    public async Task<(MediationSession? Session, Refusal? Refusal)> OpenAsync(
        string accountId, string mediatorName, CreateSessionRequest request, string defaultAgreement, CancellationToken ct)
    {
        var mediator = ParticipantId.New();
        var (session, refusal) = MediationSession.Open(SessionId.New(), request.Title, request.Sides ?? [],
            string.IsNullOrWhiteSpace(request.AgreementText) ? defaultAgreement : request.AgreementText, mediator, mediatorName, clock.GetUtcNow());
        if (session is null) return (null, refusal);
        await store.CreateAsync(new StoredSession(session.ToSnapshot(), new Dictionary<string, ParticipantId> { [accountId] = mediator }), ct);
        await audit.RecordAsync(session, new SessionOpened(session.Version, clock.GetUtcNow(), mediator), ct);
        return (session, null);
    }

    public async Task<MediationSession?> LoadAsync(SessionId id, CancellationToken ct = default) =>
        await store.GetAsync(id, ct) is { } stored ? MediationSession.FromSnapshot(stored.Snapshot) : null;

    /// <summary>Applies one domain operation; a refusal changes nothing and is returned as is.</summary>
    public Task<Outcome> ChangeAsync(SessionId id, string operation, Func<MediationSession, DateTimeOffset, Outcome> change, CancellationToken ct = default) =>
        ChangeAsync(id, operation, change, beforeCommit: null, ct);

    /// <summary>
    /// Applies one domain operation; once the domain accepted it, <paramref name="beforeCommit"/> runs under the same
    /// lock before the change is stored (a relay sends its message there, so only a relay that delivered is recorded).
    /// When it answers false nothing new happened (a retry of an earlier relay): nothing is stored or recorded.
    /// </summary>
    public async Task<Outcome> ChangeAsync(SessionId id, string operation, Func<MediationSession, DateTimeOffset, Outcome> change,
        Func<MediationSession, Task<bool>>? beforeCommit, CancellationToken ct = default)
    {
        using var _ = await locks.AcquireAsync(id, ct);
        for (var attempt = 1; ; attempt++)
        {
            if (await store.GetAsync(id, ct) is not { } stored)
                return Outcome.Refused(RefusalReason.UnknownSession, "No such session.");
            var session = MediationSession.FromSnapshot(stored.Snapshot);
            var outcome = change(session, clock.GetUtcNow());
            if (!outcome.IsAccepted)
            {
                Log.OperationRefused(logger, id, operation, outcome.Refusal!.Reason);
                return outcome;
            }
            if (beforeCommit is not null && !await beforeCommit(session)) return outcome;
            // Another node may have changed the session since we read it: read again and re-decide.
            if (!await store.TryReplaceAsync(stored with { Snapshot = session.ToSnapshot() }, stored.Version, ct))
            {
                if (attempt == MaxAttempts) throw new InvalidOperationException($"Session {id} kept changing under {operation}.");
                continue;
            }
            await AfterChangeAsync(session, outcome.Event!, ct);
            return outcome;
        }
    }

    /// <summary>Brings one new connection to its entitlements, under the session's lock.</summary>
    /// <remarks>A person with <paramref name="maxConnections"/> connections open already (on any node) is refused one more.</remarks>
    public async Task<(MyStateDto? State, Refusal? Refusal)> ConnectAsync(HubConnection connection, int maxConnections, CancellationToken ct = default)
    {
        using var _ = await locks.AcquireAsync(connection.Session, ct);
        var session = await LoadAsync(connection.Session, ct);
        if (session is null || !Entitlements.IsMember(session, connection.Person))
            return (null, new Refusal(RefusalReason.NotEntitled, "You are not a member of that session."));
        var person = session.Find(connection.Person)!;
        // One registry read serves both the connection cap and who is online (a Redis round trip per read in several-nodes mode).
        var open = await connections.InSessionAsync(session.Id, ct);
        if (open.Count(c => c.Person == person.Id) >= maxConnections)
            return (null, new Refusal(RefusalReason.TooManyConnections,
                $"You already have {maxConnections} windows or devices connected to this session; close one and try again."));
        if (await connections.AddAsync(connection, ct)) metrics.Reconnected();
        // The connection's one group for its whole life: its person's address.
        await hub.Groups.AddToGroupAsync(connection.ConnectionId, GroupNames.Person(person.Id), ct);
        IReadOnlySet<ParticipantId> online = open.Select(c => c.Person).Append(person.Id).ToHashSet();
        await NotifyMediatorsAsync(session, online, ct);
        if (Entitlements.IsInARoom(session, person.Id)) await rosters.NotifyAllAsync(session, online);
        return (SessionViews.ToMyState(session, person, "connected"), null);
    }

    public async Task DisconnectAsync(string connectionId)
    {
        if (await connections.RemoveAsync(connectionId) is not { } connection) return;
        if (await LoadAsync(connection.Session) is not { } session) return;
        var online = await connections.OnlineAsync(session.Id);
        await NotifyMediatorsAsync(session, online, CancellationToken.None);
        await rosters.NotifyAllAsync(session, online);
    }

    /// <summary>Runs <paramref name="work"/> under the session's lock with the current state (for sends).</summary>
    public async Task<T> UnderLockAsync<T>(SessionId id, Func<MediationSession?, Task<T>> work, CancellationToken ct = default)
    {
        using var _ = await locks.AcquireAsync(id, ct);
        return await work(await LoadAsync(id, ct));
    }

    /// <summary>The session as <paramref name="viewer"/>, one of its mediators, sees it.</summary>
    public async Task<SessionViewDto> ViewAsync(MediationSession session, ParticipantId viewer, CancellationToken ct = default)
    {
        var online = await connections.OnlineAsync(session.Id, ct);
        return SessionViews.ToView(session, viewer, await invites.DevicesAsync(session.Id, ct), online.Contains);
    }

    private async Task AfterChangeAsync(MediationSession session, SessionEvent @event, CancellationToken ct)
    {
        await audit.RecordAsync(session, @event, ct);
        var affected = @event switch
        {
            ParticipantAdmitted e => [(e.Participant, "admitted")],
            ParticipantMoved e => [(e.Participant, "moved")],
            ParticipantLockChanged e => [(e.Participant, e.IsLocked ? "locked" : "unlocked")],
            ParticipantRemoved e => [(e.Participant, "removed")],
            AgreementAccepted e => [(e.Actor, "agreement accepted")],
            SessionClosed => session.People.Select(p => (p.Id, "closed")).ToList(),
            _ => new List<(ParticipantId, string)>(),
        };
        if (@event is ParticipantRemoved removed) await invites.RevokeAsync(session.Id, removed.Participant, ct);

        // People who are gone hear it while still connected; then their connections close.
        await Task.WhenAll(affected.Select(a => NotifyPersonAsync(session, a.Item1, a.Item2)));
        if (affected.Any(a => session.Find(a.Item1)?.IsGone == true))
            departures.CloseGone(session, await connections.InSessionAsync(session.Id, ct));
        // Who is online is read once per change and shared by the rosters and the mediators' view.
        var online = await connections.OnlineAsync(session.Id, ct);
        if (@event is ParticipantAdmitted or ParticipantMoved or ParticipantRemoved or MuteOnArrivalChanged) await rosters.NotifyAllAsync(session, online);

        if (ConsentViews.ItemOf(@event) is { } item && session.ConsentOf(item) is { } consent)
            await hub.Clients.People(Entitlements.Readers(session, consent.Caucus)).ConsentChanged(ConsentViews.ToDto(consent));

        if (@event is MediatorAskedFor ask && session.Find(ask.Actor) is { } asker)
            await hub.Clients.MediatorsOf(session).MediatorAskedFor(
                new MediatorAskedForDto(asker.Id.ToString(), asker.DisplayName, SessionViews.SideName(session, asker.Side), ask.At));
        await NotifyMediatorsAsync(session, online, ct);
        if (@event is SessionClosed) await retention.SessionClosedAsync(session);
    }

    private Task NotifyPersonAsync(MediationSession session, ParticipantId person, string reason) =>
        session.Find(person) is { } p
            ? hub.Clients.Person(person).StateChanged(SessionViews.ToMyState(session, p, reason))
            : Task.CompletedTask;

    /// <summary>Each mediator gets the view with their own actions (a mediator may not remove themselves).</summary>
    private async Task NotifyMediatorsAsync(MediationSession session, IReadOnlySet<ParticipantId> online, CancellationToken ct)
    {
        var devices = await invites.DevicesAsync(session.Id, ct);
        await Task.WhenAll(session.People.Where(p => Entitlements.ActsAsMediator(session, p.Id)).Select(m =>
            hub.Clients.Person(m.Id).SessionChanged(SessionViews.ToView(session, m.Id, devices, online.Contains))));
    }
}
