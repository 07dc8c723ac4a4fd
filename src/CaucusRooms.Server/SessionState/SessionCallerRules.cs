using CaucusRooms.Domain;
using CaucusRooms.Server.Accounts;
using CaucusRooms.Server.Infrastructure;

namespace CaucusRooms.Server.SessionState;

/// <summary>
/// Who may call the endpoints of a route group under <c>/api/sessions/{sessionId}</c>: a rule turns the
/// <see cref="SessionCaller"/> into the documented refusal (docs/protocol.md), or lets the call through.
/// A session that does not exist and one the caller is not part of get the same 404.
/// </summary>
internal static class SessionCallerRules
{
    public static IResult NotAMember =>
        Refusals.Error(StatusCodes.Status404NotFound, nameof(RefusalReason.UnknownSession), "No such session, or you are not a member of it.");

    public static IResult NotAMediator =>
        Refusals.Error(StatusCodes.Status403Forbidden, nameof(RefusalReason.NotAMediator), "Only a mediator of this session can do that.");

    /// <summary>The session exists and the caller is one of its participants, removed or not (the domain then refuses what a removed person may not do).</summary>
    public static IResult? Participant(SessionCaller caller) => caller.IsFound ? null : NotAMember;

    /// <summary>A current member of the session.</summary>
    public static IResult? Member(SessionCaller caller) => caller.IsFound && Entitlements.IsMember(caller.Session, caller.Me) ? null : NotAMember;

    /// <summary>A mediator of the session; its other people get a 403, everyone else the 404.</summary>
    public static IResult? Mediator(SessionCaller caller) =>
        !caller.IsFound ? NotAMember : Entitlements.ActsAsMediator(caller.Session, caller.Me) ? null : NotAMediator;

    /// <summary>
    /// A reader of the session's records (its audit trail, agreement record and private notes): its mediators while it
    /// runs; after it closes, the mediator accounts that ran it.
    /// </summary>
    public static IResult? RecordsReader(SessionCaller caller) =>
        caller.IsFound && Entitlements.MayReadRecords(caller.Session, caller.Me, ranItToTheEnd: caller.User.IsMediatorAccount())
            ? null
            : Refusals.Error(StatusCodes.Status404NotFound, nameof(RefusalReason.UnknownSession), "No such session, or you are not one of its mediators.");

    /// <summary>
    /// Every endpoint of the group takes a <see cref="SessionCaller"/>, and <paramref name="refusal"/> answers
    /// for it before the handler runs: a refusal, or null to let the call through.
    /// </summary>
    public static TBuilder RequireSessionCaller<TBuilder>(this TBuilder builder, Func<SessionCaller, IResult?> refusal)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((factory, next) =>
        {
            var index = Array.FindIndex(factory.MethodInfo.GetParameters(), p => p.ParameterType == typeof(SessionCaller));
            if (index < 0)
                throw new InvalidOperationException($"{factory.MethodInfo.Name} is in a route group that checks its session caller, so it must take a {nameof(SessionCaller)}.");
            return async context => refusal(context.GetArgument<SessionCaller>(index)) ?? await next(context);
        });
}
