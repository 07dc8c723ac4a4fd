using System.Security.Claims;
using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.Accounts;
using CaucusRooms.Server.Infrastructure;
using Microsoft.Extensions.Options;

namespace CaucusRooms.Server.Sessions;

/// <summary>Session options (<c>Sessions:*</c>).</summary>
internal sealed class MediationOptions
{
    public string DefaultAgreement { get; set; } =
        "Everything said or shown in this mediation is confidential. What you say in a private session with the mediator " +
        "is not passed on to anyone else without your consent. You will not record, copy or share any part of this session, " +
        "and you will not use what you learn here outside this mediation.";
}

internal static class SessionEndpoints
{
    public static RouteGroupBuilder MapSessions(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/sessions").RequireAuthorization();
        group.MapPost("/", CreateAsync);
        group.MapGet("/", ListAsync);
        group.MapGet("/{sessionId}", GetAsync);
        group.MapDelete("/{sessionId}/participants/{participantId}", RemoveAsync);
        group.MapGet("/{sessionId}/agreement", AgreementAsync);
        group.MapPost("/{sessionId}/agreement/accept", AcceptAsync);
        return group;
    }

    private static async Task<IResult> CreateAsync(CreateSessionRequest request, ClaimsPrincipal user, SessionCoordinator sessions, IOptions<MediationOptions> options, CancellationToken ct)
    {
        if (!user.IsMediatorAccount()) return Refusals.Error(403, nameof(RefusalReason.NotAMediator), "Only a mediator account can open a session.");
        if (request is null) return Refusals.Error(400, nameof(RefusalReason.InvalidInput), "A title and sides are required.");
        var (session, refusal) = await sessions.OpenAsync(user.AccountId()!, user.Identity!.Name!, request, options.Value.DefaultAgreement, ct);
        if (session is null) return refusal!.ToHttp();
        return Results.Created($"/api/sessions/{session.Id}", new CreateSessionResponse(session.Id.ToString(), [.. session.Rooms.Select(r => r.ToDto(session))]));
    }

    private static async Task<IResult> ListAsync(ClaimsPrincipal user, ISessionStore store, CancellationToken ct)
    {
        if (!user.IsMediatorAccount()) return Results.Ok(Array.Empty<SessionSummaryDto>());
        var mine = await store.ListForAccountAsync(user.AccountId()!, ct);
        return Results.Ok(mine.Select(s => new SessionSummaryDto(s.Id.ToString(), s.Snapshot.Title, s.Snapshot.IsClosed, s.Snapshot.People.Count)));
    }

    private static async Task<IResult> GetAsync(string sessionId, ClaimsPrincipal user, SessionCoordinator sessions, SessionAccess access, CancellationToken ct)
    {
        var (session, me, problem) = await MediatorOfAsync(sessionId, user, sessions, access, ct);
        return problem ?? Results.Ok(await sessions.ViewAsync(session!, me, ct));
    }

    private static async Task<IResult> RemoveAsync(string sessionId, string participantId, ClaimsPrincipal user, SessionCoordinator sessions, SessionAccess access, CancellationToken ct)
    {
        var (session, me, problem) = await MediatorOfAsync(sessionId, user, sessions, access, ct);
        if (problem is not null) return problem;
        var target = new ParticipantId(Ids.TryParse(participantId, out var g) ? g : Guid.Empty);
        var outcome = await sessions.ChangeAsync(session!.Id, "Remove", (s, at) => s.Remove(me, target, at), ct);
        return outcome.Refusal?.ToHttp() ?? Results.NoContent();
    }

    private static async Task<IResult> AgreementAsync(string sessionId, ClaimsPrincipal user, SessionCoordinator sessions, SessionAccess access, CancellationToken ct)
    {
        var (session, me) = await MemberOfAsync(sessionId, user, sessions, access, ct);
        if (session is null || !Entitlements.IsMember(session, me)) return NotAMember();
        var person = session.Find(me)!;
        return Results.Ok(new AgreementDto(session.AgreementText, session.AgreementVersion, person.Acceptance is not null));
    }

    private static async Task<IResult> AcceptAsync(string sessionId, AcceptAgreementRequest request, ClaimsPrincipal user, SessionCoordinator sessions, SessionAccess access, CancellationToken ct)
    {
        var (session, me) = await MemberOfAsync(sessionId, user, sessions, access, ct);
        if (session is null) return NotAMember();
        var outcome = await sessions.ChangeAsync(session.Id, "AcceptAgreement",
            (s, at) => s.AcceptAgreement(me, request?.TypedName ?? "", request?.AgreementVersion ?? s.AgreementVersion, at), ct);
        if (outcome.Refusal is { } refusal) return refusal.ToHttp();
        return Results.Ok(new AgreementDto(session.AgreementText, session.AgreementVersion, Accepted: true));
    }

    /// <summary>The session and the caller's participant id in it, or a 404 that says nothing of whether it exists.</summary>
    internal static async Task<(MediationSession? Session, ParticipantId Me)> MemberOfAsync(
        string sessionId, ClaimsPrincipal user, SessionCoordinator sessions, SessionAccess access, CancellationToken ct)
    {
        if (!Ids.TryParse(sessionId, out var sid)) return (null, default);
        if (await access.ResolveAsync(user, new SessionId(sid), ct) is not { } me) return (null, default);
        return (await sessions.LoadAsync(new SessionId(sid), ct), me);
    }

    internal static async Task<(MediationSession? Session, ParticipantId Me, IResult? Problem)> MediatorOfAsync(
        string sessionId, ClaimsPrincipal user, SessionCoordinator sessions, SessionAccess access, CancellationToken ct)
    {
        var (session, me) = await MemberOfAsync(sessionId, user, sessions, access, ct);
        if (session is null) return (null, me, NotAMember());
        if (!Entitlements.ActsAsMediator(session, me))
            return (null, me, Refusals.Error(403, nameof(RefusalReason.NotAMediator), "Only a mediator of this session can do that."));
        return (session, me, null);
    }

    private static IResult NotAMember() =>
        Refusals.Error(404, nameof(RefusalReason.UnknownSession), "No such session, or you are not a member of it.");
}
