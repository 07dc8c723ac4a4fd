using CaucusRooms.Contracts;
using CaucusRooms.Domain;

namespace CaucusRooms.Server.Hubs;

/// <summary>The mediator's toolkit on the hub; every call is decided by the domain on the current state.</summary>
internal sealed partial class SessionHub
{
    public async Task<IReadOnlyList<SendAck>> Announce(string clientMessageId, string text) =>
        Throw(await announcements.AnnounceAsync(Me.Session, Me.Person, clientMessageId, text, Context.ConnectionAborted));

    public async Task StartTimer(string roomId, int seconds) =>
        Fail(await timers.StartAsync(Me.Session, Me.Person, Room(roomId), seconds, Context.ConnectionAborted));

    public async Task ExtendTimer(string roomId, int seconds) =>
        Fail(await timers.ExtendAsync(Me.Session, Me.Person, Room(roomId), seconds, Context.ConnectionAborted));

    public async Task CancelTimer(string roomId) =>
        Fail(await timers.CancelAsync(Me.Session, Me.Person, Room(roomId), Context.ConnectionAborted));

    public async Task<IReadOnlyList<RoomTimerDto>> GetTimers() =>
        await sessions.LoadAsync(Me.Session) is { } session
            ? timers.VisibleTo(session, Me.Person)
            : throw Refused(RefusalReason.UnknownSession, "No such session.");

    public async Task<EveryoneBackDto> EveryoneBack() =>
        Throw(await everyoneBack.BringAsync(Me.Session, Me.Person, Context.ConnectionAborted));

    public async Task<SendAck> AnswerAsk(string participantId, string text) =>
        Throw(await askAnswers.AnswerAsync(Me.Session, Me.Person, Person(participantId), text, Context.ConnectionAborted));
}
