using System.Reflection;
using System.Security.Claims;
using CaucusRooms.Domain;
using CaucusRooms.Server.Infrastructure;

namespace CaucusRooms.Server.SessionState;

/// <summary>
/// The caller of an endpoint under <c>/api/sessions/{sessionId}</c>: the session its route names and the caller's
/// participant in it, found once from the route and the sign-in (<see cref="SessionAccess"/>), never from anything
/// else the client sends. A handler takes it as a parameter; its route group's rule
/// (<see cref="SessionCallerRules.RequireSessionCaller{TBuilder}"/>) refuses before the handler runs, so a handler
/// only ever sees a caller who was found and is entitled.
/// </summary>
internal sealed class SessionCaller : IBindableFromHttpContext<SessionCaller>
{
    /// <summary>The route parameter that names the session.</summary>
    public const string RouteKey = "sessionId";

    private readonly MediationSession? _session;

    private SessionCaller(MediationSession? session, ParticipantId me, ClaimsPrincipal user)
    {
        _session = session;
        Me = me;
        User = user;
    }

    /// <summary>The session exists and the caller is (or was) one of its participants.</summary>
    public bool IsFound => _session is not null;

    public MediationSession Session => _session
        ?? throw new InvalidOperationException("This session caller was not found; the route group's rule lets no such caller reach a handler.");

    public ParticipantId Me { get; }

    public ClaimsPrincipal User { get; }

    public static async ValueTask<SessionCaller?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        ArgumentNullException.ThrowIfNull(context);
        var nobody = new SessionCaller(null, default, context.User);
        if (!Ids.TryParse(context.Request.RouteValues[RouteKey] as string, out var id)) return nobody;
        var session = new SessionId(id);
        var services = context.RequestServices;
        if (await services.GetRequiredService<SessionAccess>().ResolveAsync(context.User, session, context.RequestAborted) is not { } me) return nobody;
        return new SessionCaller(await services.GetRequiredService<SessionRepository>().LoadAsync(session, context.RequestAborted), me, context.User);
    }
}
