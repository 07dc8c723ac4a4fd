using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.Connections;

namespace CaucusRooms.Server.Sessions;

/// <summary>
/// Everything one stored change (or one connect or disconnect) tells people, in the order they hear it, handed to the
/// delivery once: on several nodes that is one publish for the whole change, not one per person group, so no node
/// decodes a dozen publishes for one move.
/// </summary>
internal sealed class ChangeNotices
{
    private readonly List<Notice> _notices = [];

    public IReadOnlyList<Notice> InOrder => _notices;

    /// <summary>Each person's roster of the room they are in now.</summary>
    public void Rosters(IEnumerable<RosterNotice> rosters) => _notices.AddRange(rosters);

    public void OwnState(ParticipantId person, MyStateDto state) => _notices.Add(new StateNotice([person], state));

    public void Consent(IEnumerable<ParticipantId> caucusReaders, ConsentDto consent) => _notices.Add(new ConsentNotice([.. caucusReaders], consent));

    public void AskedFor(IEnumerable<ParticipantId> mediators, MediatorAskedForDto ask) => _notices.Add(new AskNotice([.. mediators], ask));

    public void Timer(IEnumerable<ParticipantId> audience, RoomTimerDto timer) => _notices.Add(new TimerNotice([.. audience], timer));

    /// <summary>Each mediator's own view (with the actions only they may take).</summary>
    public void MediatorViews(IEnumerable<(ParticipantId Mediator, SessionViewDto View)> views) =>
        _notices.AddRange(views.Select(v => new MediatorViewNotice([v.Mediator], v.View)));

    public Task SendAsync(INoticeDelivery delivery, SessionId session) =>
        _notices.Count == 0 ? Task.CompletedTask : delivery.DeliverAsync(session, _notices);
}
