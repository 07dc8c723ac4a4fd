using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.Messages;
using CaucusRooms.Server.Rooms;
using CaucusRooms.Server.Sessions;

namespace CaucusRooms.Server.Toolkit;

/// <summary>
/// A mediator answers a pending ask: the ask leaves the queue (a change of the session, audited without words) and the
/// answer is said in the asker's private room, read by that room's readers now, so it survives a reconnect.
/// </summary>
internal sealed class AskAnswers(ChangePipeline changes, RoomChat chat)
{
    public const string KeyPrefix = "answer:";

    public async Task<(SendAck? Ack, Refusal? Refusal)> AnswerAsync(SessionId id, ParticipantId mediator, ParticipantId asker, string? text, CancellationToken ct)
    {
        if (RoomChat.TextProblem(text) is { } problem) return (null, problem);
        // One key for every attempt: a change retried after another node's write says the answer once.
        var key = KeyPrefix + Guid.NewGuid().ToString("N");
        SendAck? ack = null;
        var outcome = await changes.ChangeAsync(id, nameof(ISessionHub.AnswerAsk), (s, at) => s.AnswerAsk(mediator, asker, at), async session =>
        {
            var caucus = session.CaucusOf(session.Find(asker)!.Side!.Value).Id;
            ack = await chat.PostUnderLockAsync(session, mediator, caucus, Entitlements.Readers(session, caucus), key, text!, new MessageLinks(Kind: MessageKinds.AskAnswer), ct);
            return true;
        }, ct);
        return outcome.Refusal is { } refusal ? (null, refusal) : (ack, null);
    }
}
