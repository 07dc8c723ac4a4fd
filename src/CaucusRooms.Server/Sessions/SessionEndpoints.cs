using System.Security.Claims;
using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.Accounts;
using CaucusRooms.Server.Infrastructure;
using CaucusRooms.Server.SessionState;
using Microsoft.Extensions.Options;

namespace CaucusRooms.Server.Sessions;

internal static class SessionEndpoints
{
    /// <summary>
    /// <c>/api/sessions</c>, for signed-in callers: mediator accounts open and list sessions; a session's own
    /// endpoints each say who of its people may call them (<see cref="SessionCallerRules"/>).
    /// </summary>
    public static RouteGroupBuilder MapSessions(this IEndpointRouteBuilder app)
    {
        var sessions = app.MapGroup("/api/sessions").RequireAuthorization();
        sessions.MapPost("/", CreateAsync);
        sessions.MapGet("/", ListAsync);

        var mediators = sessions.MapGroup($"/{{{SessionCaller.RouteKey}}}").RequireSessionCaller(SessionCallerRules.Mediator);
        mediators.MapGet("", GetAsync);
        mediators.MapDelete("/participants/{participantId}", RemoveAsync);

        var agreement = sessions.MapGroup($"/{{{SessionCaller.RouteKey}}}/agreement");
        agreement.MapGet("", Agreement).RequireSessionCaller(SessionCallerRules.Member);
        // A removed person is refused by the domain (403 Removed), not hidden behind the 404.
        agreement.MapPost("/accept", AcceptAsync).RequireSessionCaller(SessionCallerRules.Participant);
        return sessions;
    }

    private static async Task<IResult> CreateAsync(CreateSessionRequest request, ClaimsPrincipal user, ChangePipeline changes, IOptions<MediationOptions> options, CancellationToken ct)
    {
        if (!user.IsMediatorAccount()) return Refusals.Error(403, nameof(RefusalReason.NotAMediator), "Only a mediator account can open a session.");
        if (request is null) return Refusals.Error(400, nameof(RefusalReason.InvalidInput), "A title and sides are required.");
        var (session, refusal) = await changes.OpenAsync(user.AccountId()!, user.Identity!.Name!, request, options.Value.DefaultAgreement, ct);
        if (session is null) return refusal!.ToHttp();
        return Results.Created($"/api/sessions/{session.Id}", new CreateSessionResponse(session.Id.ToString(), [.. session.Rooms.Select(r => r.ToDto(session))]));
    }

    private static async Task<IResult> ListAsync(ClaimsPrincipal user, ISessionStore store, CancellationToken ct)
    {
        if (!user.IsMediatorAccount()) return Results.Ok(Array.Empty<SessionSummaryDto>());
        var mine = await store.ListForAccountAsync(user.AccountId()!, ct);
        return Results.Ok(mine.Select(s => new SessionSummaryDto(s.Id.ToString(), s.Snapshot.Title, s.Snapshot.IsClosed, s.Snapshot.People.Count, AgreementLines(s.Snapshot))));
    }

    /// <summary>Who of an open session's parties and advisors accepted its agreement (mediators and the gone left out).</summary>
    private static AgreementLineDto[] AgreementLines(SessionSnapshot snapshot) => snapshot.IsClosed
        ? []
        : [.. snapshot.People.Where(p => !p.IsMediator && !p.IsGone).Select(p => new AgreementLineDto(p.DisplayName, p.Acceptance is not null))];

    private static async Task<IResult> GetAsync(SessionCaller mediator, MediatorViews views, CancellationToken ct) =>
        Results.Ok(await views.ForAsync(mediator.Session, mediator.Me, ct));

    private static async Task<IResult> RemoveAsync(string participantId, SessionCaller mediator, ChangePipeline changes, CancellationToken ct)
    {
        var target = new ParticipantId(Ids.TryParse(participantId, out var g) ? g : Guid.Empty);
        var outcome = await changes.ChangeAsync(mediator.Session.Id, "Remove", (s, at) => s.Remove(mediator.Me, target, at), ct);
        return outcome.Refusal?.ToHttp() ?? Results.NoContent();
    }

    private static IResult Agreement(SessionCaller member)
    {
        var person = member.Session.Find(member.Me)!;
        return Results.Ok(new AgreementDto(member.Session.AgreementText, member.Session.AgreementVersion, person.Acceptance is not null));
    }

    private static async Task<IResult> AcceptAsync(AcceptAgreementRequest request, SessionCaller caller, ChangePipeline changes, CancellationToken ct)
    {
        var session = caller.Session;
        var outcome = await changes.ChangeAsync(session.Id, "AcceptAgreement",
            (s, at) => s.AcceptAgreement(caller.Me, request?.TypedName ?? "", request?.AgreementVersion ?? s.AgreementVersion, at), ct);
        if (outcome.Refusal is { } refusal) return refusal.ToHttp();
        return Results.Ok(new AgreementDto(session.AgreementText, session.AgreementVersion, Accepted: true));
    }
}
