using System.Security.Claims;
using CaucusRooms.Domain;
using CaucusRooms.Server.Accounts;

namespace CaucusRooms.Server.SessionState;

/// <summary>
/// Who the signed-in caller is within one session, from their sign-in alone — never from
/// anything the client sends. An invitee is their one participant of their one session; a
/// mediator account is the participant it runs the session as; anyone else is a stranger.
/// </summary>
internal sealed class SessionAccess(ISessionStore store)
{
    public async Task<ParticipantId?> ResolveAsync(ClaimsPrincipal user, SessionId session, CancellationToken ct = default)
    {
        if (user.Invitee() is { } invitee) return invitee.Session == session ? invitee.Participant : null;
        if (!user.IsMediatorAccount()) return null;
        return await store.GetAsync(session, ct) is { } stored && stored.MediatorAccounts.TryGetValue(user.AccountId()!, out var me) ? me : null;
    }
}
