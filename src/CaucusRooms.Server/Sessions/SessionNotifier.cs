using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.Connections;
using CaucusRooms.Server.SessionState;
using CaucusRooms.Server.Video;

namespace CaucusRooms.Server.Sessions;

/// <summary>
/// Tells the people concerned that a session changed: the affected people their own state, the rooms' people their
/// rosters, a caucus its consents, the mediators their view; then closes the connections of people who are gone.
/// </summary>
internal sealed class SessionNotifier(
    ISessionClients hub,
    IConnectionRegistry connections,
    MediaRosters rosters,
    MediatorViews views,
    Departures departures)
{
    /// <summary>
    /// Everything the people of <paramref name="session"/> hear about one stored change; <paramref name="presence"/> is who
    /// was online when it was stored, when its commit answered it (Redis), else null and the registry is read.
    /// </summary>
    public async Task ChangedAsync(MediationSession session, SessionEvent @event, SessionPresence? presence, CancellationToken ct)
    {
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

        // Who is online is read once per change and shared by the departures, the rosters and the mediators' view
        // (the connections of people who are gone close after they heard it, so they still count as online here).
        var open = affected.Any(a => session.Find(a.Item1)?.IsGone == true) ? presence?.Open ?? await connections.InSessionAsync(session.Id, ct) : null;
        var online = open is null ? presence?.Online ?? await connections.OnlineAsync(session.Id, ct) : open.Select(c => c.Person).ToHashSet();
        // The rooms' rosters go before the moved person's own state: a client handles one message at a time, and
        // the video of the new room starts from its roster (a gone person is in no room and hears no roster).
        if (@event is ParticipantAdmitted or ParticipantMoved or ParticipantRemoved or MuteOnArrivalChanged) await rosters.NotifyAllAsync(session, online);
        // People who are gone hear it while still connected; then their connections close.
        await Task.WhenAll(affected.Select(a => NotifyPersonAsync(session, a.Item1, a.Item2)));
        if (open is not null) departures.CloseGone(session, open);

        if (ConsentViews.ItemOf(@event) is { } item && session.ConsentOf(item) is { } consent)
            await hub.Clients.People(Entitlements.Readers(session, consent.Caucus)).ConsentChanged(ConsentViews.ToDto(consent));

        if (@event is MediatorAskedFor ask && session.Find(ask.Actor) is { } asker)
            await hub.Clients.MediatorsOf(session).MediatorAskedFor(
                new MediatorAskedForDto(asker.Id.ToString(), asker.DisplayName, SessionViews.SideName(session, asker.Side), ask.At));
        await TimerNotices.ChangedAsync(hub, session, @event);
        await NotifyMediatorsAsync(session, online, ct);
    }

    /// <summary>Someone connected or disconnected: the mediators' view, and (when <paramref name="withRosters"/>) every room's roster.</summary>
    public async Task OnlineChangedAsync(MediationSession session, IReadOnlySet<ParticipantId> online, bool withRosters, CancellationToken ct)
    {
        await NotifyMediatorsAsync(session, online, ct);
        if (withRosters) await rosters.NotifyAllAsync(session, online);
    }

    private Task NotifyPersonAsync(MediationSession session, ParticipantId person, string reason) =>
        session.Find(person) is { } p
            ? hub.Clients.Person(person).StateChanged(SessionViews.ToMyState(session, p, reason))
            : Task.CompletedTask;

    /// <summary>Each mediator gets the view with their own actions (a mediator may not remove themselves).</summary>
    private async Task NotifyMediatorsAsync(MediationSession session, IReadOnlySet<ParticipantId> online, CancellationToken ct) =>
        await Task.WhenAll((await views.OfEveryMediatorAsync(session, online, ct)).Select(v => hub.Clients.Person(v.Mediator).SessionChanged(v.View)));
}
