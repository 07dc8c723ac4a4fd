using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.Connections;
using CaucusRooms.Server.Consent;
using CaucusRooms.Server.Infrastructure;
using CaucusRooms.Server.Rooms;
using CaucusRooms.Server.SessionState;
using CaucusRooms.Server.Sessions;
using CaucusRooms.Server.Toolkit;
using CaucusRooms.Server.Video;
using Microsoft.AspNetCore.SignalR;

namespace CaucusRooms.Server.Hubs;

/// <summary>
/// The session hub: one connection serves one session. Who the caller is comes from their
/// sign-in, fixed at connect; every method asks the domain, on the current state, whether the
/// caller may do this now. Room ids and participant ids from the client are only names to look up.
/// Only a signed-in caller connects: its endpoint requires it (<c>MapHub(…).RequireAuthorization()</c>), once per
/// connection, whose sign-in is fixed from then on and closes it when it runs out. Not <c>[Authorize]</c> on the class:
/// SignalR then combined the policy and authorized the same fixed sign-in again before every call (about 1.2 KB and a
/// few µs per send), which could never answer otherwise than at connect.
/// </summary>
internal sealed partial class SessionHub(
    SessionRepository sessions,
    ChangePipeline changes,
    SessionConnections connections,
    MediatorViews views,
    SessionAccess access,
    RoomChat chat,
    SignalRelay signals,
    ConsentDesk consent,
    MediaRosters rosters,
    Announcements announcements, RoomTimers timers, EveryoneBack everyoneBack, AskAnswers askAnswers,
    CaucusMetrics metrics,
    Microsoft.Extensions.Options.IOptions<PersonLimitOptions> limits,
    ILogger<SessionHub> logger) : Hub<ISessionClient>, ISessionHub
{
    private const string CallerKey = "caucus:caller";

    /// <summary>Who a connection belongs to, once it is joined to its session; null before.</summary>
    internal static (SessionId Session, ParticipantId Person)? CallerOf(HubCallerContext context) =>
        context is not null && context.Items.TryGetValue(CallerKey, out var c) && c is Caller caller ? (caller.Session, caller.Person) : null;
    public const int HistoryPage = 200;

    public override async Task OnConnectedAsync()
    {
        var query = Context.GetHttpContext()?.Request.Query["sessionId"].ToString();
        var person = Ids.TryParse(query, out var sid) ? await access.ResolveAsync(Context.User!, new SessionId(sid)) : null;
        var (state, refusal) = person is { } p
            ? await connections.ConnectAsync(new HubConnection(Context.ConnectionId, new SessionId(sid), p, Context), limits.Value.MaxConnections)
            : (null, new Refusal(RefusalReason.NotEntitled, "You are not a member of that session."));
        if (state is null)
        {
            Log.ConnectionRefused(logger, Context.ConnectionId, refusal!.Reason == RefusalReason.TooManyConnections ? "too many connections" : "not a member of that session");
            metrics.Refused("Connect", refusal.Reason.ToString());
            throw Refused(refusal);
        }
        Context.Items[CallerKey] = new Caller(new SessionId(sid), person!.Value);
        await Clients.Caller.StateChanged(state);
    }

    public override async Task OnDisconnectedAsync(Exception? exception) => await connections.DisconnectAsync(Context.ConnectionId);

    public Task Admit(string participantId, string roomId) =>
        Change(nameof(Admit), (s, at) => s.Admit(Me.Person, Person(participantId), Room(roomId), at));

    public Task Move(string participantId, string roomId) =>
        Change(nameof(Move), (s, at) => s.Move(Me.Person, Person(participantId), Room(roomId), at));

    public Task Lock(string participantId) =>
        Change(nameof(Lock), (s, at) => s.SetLocked(Me.Person, Person(participantId), true, at));

    public Task Unlock(string participantId) =>
        Change(nameof(Unlock), (s, at) => s.SetLocked(Me.Person, Person(participantId), false, at));

    public Task Remove(string participantId) =>
        Change(nameof(Remove), (s, at) => s.Remove(Me.Person, Person(participantId), at));

    public Task CloseSession() =>
        Change(nameof(CloseSession), (s, at) => s.Close(Me.Person, at));

    public Task SetMuteOnArrival(bool mute) =>
        Change(nameof(SetMuteOnArrival), (s, at) => s.SetMuteOnArrival(Me.Person, mute, at));

    /// <summary>Relays an offer, answer or ICE candidate (a JSON string) to someone in the same room.</summary>
    public async Task RelaySignal(string toParticipantId, string payload)
    {
        if (await signals.RelayAsync(Me.Session, Me.Person, Person(toParticipantId), payload, Context.ConnectionAborted) is { } refusal)
        {
            metrics.Refused(nameof(RelaySignal), refusal.Reason.ToString());
            throw Refused(refusal);
        }
    }

    public async Task<MediaRosterDto> GetMediaRoster() =>
        await sessions.LoadAsync(Me.Session) is { } session
            ? await rosters.ForAsync(session, Me.Person)
            : throw Refused(RefusalReason.UnknownSession, "No such session.");

    public Task AskForMediator() =>
        Change(nameof(AskForMediator), (s, at) => s.AskForMediator(Me.Person, at));

    public async Task<SendAck> SendMessage(string roomId, string clientMessageId, string text) =>
        Throw(await chat.SendAsync(Me.Session, Me.Person, Room(roomId), clientMessageId, text, Context.ConnectionAborted));

    public async Task<IReadOnlyList<MessageDto>> GetHistory(string roomId, long afterSeq) =>
        Throw(await chat.HistoryAsync(Me.Session, Me.Person, Room(roomId), afterSeq, HistoryPage, Context.ConnectionAborted));

    /// <summary>A mediator asks a side whether an item of its private room may be shared.</summary>
    public async Task AskForConsent(string roomId, string messageId) =>
        Fail(await consent.AskAsync(Me.Session, Me.Person, Room(roomId), Item(messageId), Context.ConnectionAborted));

    /// <summary>A party or advisor of the side marks an item of its private room as shareable, or takes that back.</summary>
    public async Task SetShareable(string roomId, string messageId, bool shareable) =>
        Fail(await consent.DecideAsync(Me.Session, Me.Person, Room(roomId), Item(messageId), shareable, Context.ConnectionAborted));

    /// <summary>A mediator proposes to share an item of a private room in other words; the side sees the proposal and approves or declines exactly these words.</summary>
    public async Task<SendAck> ProposeSummary(string roomId, string messageId, string clientMessageId, string text) =>
        Throw(await consent.ProposeAsync(Me.Session, Me.Person, Room(roomId), Item(messageId), clientMessageId, text, Context.ConnectionAborted));

    /// <summary>A mediator relays an item's approved words (the item, or an approved proposal) verbatim into the joint room or another side's private room.</summary>
    public async Task<SendAck> RelaySharedItem(string fromRoomId, string messageId, string toRoomId, string? summary) =>
        Throw(await consent.RelayAsync(Me.Session, Me.Person, Room(fromRoomId), Item(messageId), Room(toRoomId), summary, Context.ConnectionAborted));

    /// <summary>A mediator relays a copy of a caucus document its side consented to share into the joint room or another side's private room.</summary>
    public async Task<DocumentDto> RelaySharedDocument(string fromRoomId, string documentId, string toRoomId) =>
        Throw(await consent.RelayDocumentAsync(Me.Session, Me.Person, Room(fromRoomId), Item(documentId), Room(toRoomId), Context.ConnectionAborted));

    /// <summary>The consent states of a private room's items.</summary>
    public async Task<IReadOnlyList<ConsentDto>> GetConsents(string roomId) =>
        Throw(await consent.ListAsync(Me.Session, Me.Person, Room(roomId), Context.ConnectionAborted));

    /// <summary>Records the mediator's answer to the misdirected-send warning (audited, without the text).</summary>
    public async Task RecordSendWarning(string roomId, bool sentAnyway) =>
        Fail(await consent.RecordWarningAsync(Me.Session, Me.Person, Room(roomId), sentAnyway, Context.ConnectionAborted));

    public async Task<MyStateDto> GetState()
    {
        var session = await sessions.LoadAsync(Me.Session);
        return session?.Find(Me.Person) is { } me
            ? SessionViews.ToMyState(session, me, null)
            : throw Refused(RefusalReason.UnknownSession, "No such session.");
    }

    public async Task<SessionViewDto> GetSession()
    {
        var session = await sessions.LoadAsync(Me.Session);
        return session is not null && Entitlements.ActsAsMediator(session, Me.Person)
            ? await views.ForAsync(session, Me.Person)
            : throw Refused(RefusalReason.NotAMediator, "Only a mediator of this session can see it whole.");
    }

    private Caller Me => Context.Items.TryGetValue(CallerKey, out var c) && c is Caller caller
        ? caller
        : throw Refused(RefusalReason.NotEntitled, "This connection is not joined to a session.");

    private async Task Change(string operation, Func<MediationSession, DateTimeOffset, Outcome> change)
    {
        var outcome = await changes.ChangeAsync(Me.Session, operation, change, Context.ConnectionAborted);
        if (outcome.Refusal is { } refusal)
        {
            metrics.Refused(operation, refusal.Reason.ToString());
            throw Refused(refusal);
        }
    }

    private T Throw<T>((T? Value, Refusal? Refusal) result, [System.Runtime.CompilerServices.CallerMemberName] string operation = "") where T : class
    {
        if (result.Refusal is not { } refusal) return result.Value!;
        metrics.Refused(operation, refusal.Reason.ToString());
        throw Refused(refusal);
    }

    private void Fail(Refusal? refusal, [System.Runtime.CompilerServices.CallerMemberName] string operation = "")
    {
        if (refusal is null) return;
        metrics.Refused(operation, refusal.Reason.ToString());
        throw Refused(refusal);
    }

    internal static HubException Refused(Refusal refusal) => Refused(refusal.Reason, refusal.Message);

    private static HubException Refused(RefusalReason reason, string sentence) => new(HubRefusal.Format(reason.ToString(), sentence));

    private static ParticipantId Person(string? id) => new(Ids.TryParse(id, out var g) ? g : Guid.Empty);

    private static RoomId Room(string? id) => new(Ids.TryParse(id, out var g) ? g : Guid.Empty);

    private static Guid Item(string? id) => Ids.TryParse(id, out var g) ? g : Guid.Empty;

    private sealed record Caller(SessionId Session, ParticipantId Person);
}
