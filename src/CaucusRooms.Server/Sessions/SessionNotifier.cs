using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.Connections;
using CaucusRooms.Server.SessionState;
using CaucusRooms.Server.Video;

namespace CaucusRooms.Server.Sessions;

/// <summary>
/// Tells the people concerned that a session changed: the affected people their own state, the rooms' people their
/// rosters, a caucus its consents, the mediators their view, all as one batch of notices handed to the delivery once
/// (on several nodes: one publish per change); then closes the connections of people who are gone.
/// </summary>
internal sealed class SessionNotifier(
    IConnectionRegistry connections,
    MediatorViews views,
    INoticeDelivery delivery,
    Departures departures)
{
    /// <summary>
    /// Everything the people of <paramref name="session"/> hear about one stored change; <paramref name="committed"/> tells
    /// who was online and the devices per person when it was stored, where its commit answered them (Redis), else the
    /// registry and the invites are read.
    /// </summary>
    public async Task ChangedAsync(MediationSession session, SessionEvent @event, Committed committed, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(committed);
        var presence = committed.Presence;
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
        var notices = new ChangeNotices();
        // The rooms' rosters go before the moved person's own state: a client handles one message at a time, and
        // the video of the new room starts from its roster (a gone person is in no room and hears no roster).
        if (@event is ParticipantAdmitted or ParticipantMoved or ParticipantRemoved or MuteOnArrivalChanged) notices.Rosters(MediaRosters.OfEveryone(session, online));
        foreach (var (person, reason) in affected)
        {
            if (session.Find(person) is { } p) notices.OwnState(person, SessionViews.ToMyState(session, p, reason));
        }

        if (ConsentViews.ItemOf(@event) is { } item && session.ConsentOf(item) is { } consent)
            notices.Consent(Entitlements.Readers(session, consent.Caucus), ConsentViews.ToDto(consent));

        if (@event is MediatorAskedFor ask && session.Find(ask.Actor) is { } asker)
            notices.AskedFor(MediatorsOf(session),
                new MediatorAskedForDto(asker.Id.ToString(), asker.DisplayName, SessionViews.SideName(session, asker.Side), ask.At));
        TimerNotices.AddTo(notices, session, @event);
        notices.MediatorViews(await views.OfEveryMediatorAsync(session, online, committed.Devices, ct));
        await notices.SendAsync(delivery, session.Id);
        // People who are gone heard it while still connected (this node's connections were written to above, the other
        // nodes' get the publish before the close asked of them); then their connections close.
        if (open is not null) departures.CloseGone(session, open);
    }

    /// <summary>Someone connected or disconnected: the mediators' view, and (when <paramref name="withRosters"/>) every room's roster.</summary>
    public async Task OnlineChangedAsync(MediationSession session, IReadOnlySet<ParticipantId> online, bool withRosters, CancellationToken ct)
    {
        var notices = new ChangeNotices();
        notices.MediatorViews(await views.OfEveryMediatorAsync(session, online, devices: null, ct));
        if (withRosters) notices.Rosters(MediaRosters.OfEveryone(session, online));
        await notices.SendAsync(delivery, session.Id);
    }

    /// <summary>The mediators acting in the session now (admitted, not removed).</summary>
    private static IEnumerable<ParticipantId> MediatorsOf(MediationSession session) =>
        session.People.Where(p => Entitlements.ActsAsMediator(session, p.Id)).Select(p => p.Id);
}
