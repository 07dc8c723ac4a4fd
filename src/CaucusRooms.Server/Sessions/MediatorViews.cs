using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.Connections;
using CaucusRooms.Server.Invites;
using CaucusRooms.Server.SessionState;

namespace CaucusRooms.Server.Sessions;

/// <summary>The whole session as each of its mediators sees it: with who is online and how many devices each person redeemed.</summary>
internal sealed class MediatorViews(IInviteStore invites, IConnectionRegistry connections)
{
    /// <summary>The session as <paramref name="viewer"/>, one of its mediators, sees it.</summary>
    public async Task<SessionViewDto> ForAsync(MediationSession session, ParticipantId viewer, CancellationToken ct = default)
    {
        var online = await connections.OnlineAsync(session.Id, ct);
        return SessionViews.ToView(session, viewer, await invites.DevicesAsync(session.Id, ct), online.Contains);
    }

    /// <summary>
    /// The view of each mediator acting in the session now, with their own actions; <paramref name="online"/> is who has a
    /// connection open, read once per change by the caller, and <paramref name="devices"/> the devices per person where the
    /// caller has them (a change's commit on Redis), else null and the invites are asked.
    /// </summary>
    public async Task<IEnumerable<(ParticipantId Mediator, SessionViewDto View)>> OfEveryMediatorAsync(
        MediationSession session, IReadOnlySet<ParticipantId> online, IReadOnlyDictionary<ParticipantId, int>? devices, CancellationToken ct)
    {
        devices ??= await invites.DevicesAsync(session.Id, ct);
        return session.People.Where(p => Entitlements.ActsAsMediator(session, p.Id))
            .Select(m => (m.Id, SessionViews.ToView(session, m.Id, devices, online.Contains)));
    }
}
