using CaucusRooms.Contracts;
using Microsoft.AspNetCore.SignalR.Client;

namespace CaucusRooms.Testing;

/// <summary>
/// The session hub's calls, typed as <see cref="ISessionHub"/> declares them, over one tab's connection; every call is
/// bounded by <paramref name="timeout"/>. A test writes <c>tab.Hub.Move(who, room)</c>, never a method name.
/// </summary>
public sealed partial class SessionHubCalls(HubConnection connection, TimeSpan timeout) : ISessionHub
{
    public Task Admit(string participantId, string roomId) => Call(nameof(ISessionHub.Admit), participantId, roomId);

    public Task Move(string participantId, string roomId) => Call(nameof(ISessionHub.Move), participantId, roomId);

    public Task Lock(string participantId) => Call(nameof(ISessionHub.Lock), participantId);

    public Task Unlock(string participantId) => Call(nameof(ISessionHub.Unlock), participantId);

    public Task Remove(string participantId) => Call(nameof(ISessionHub.Remove), participantId);

    public Task CloseSession() => Call(nameof(ISessionHub.CloseSession));

    public Task SetMuteOnArrival(bool mute) => Call(nameof(ISessionHub.SetMuteOnArrival), mute);

    public Task RelaySignal(string toParticipantId, string payload) => Call(nameof(ISessionHub.RelaySignal), toParticipantId, payload);

    public Task<MediaRosterDto> GetMediaRoster() => Call<MediaRosterDto>(nameof(ISessionHub.GetMediaRoster));

    public Task AskForMediator() => Call(nameof(ISessionHub.AskForMediator));

    public Task<SendAck> SendMessage(string roomId, string clientMessageId, string text) =>
        Call<SendAck>(nameof(ISessionHub.SendMessage), roomId, clientMessageId, text);

    public Task<IReadOnlyList<MessageDto>> GetHistory(string roomId, long afterSeq) =>
        Call<IReadOnlyList<MessageDto>>(nameof(ISessionHub.GetHistory), roomId, afterSeq);

    public Task AskForConsent(string roomId, string messageId) => Call(nameof(ISessionHub.AskForConsent), roomId, messageId);

    public Task SetShareable(string roomId, string messageId, bool shareable) => Call(nameof(ISessionHub.SetShareable), roomId, messageId, shareable);

    public Task<SendAck> ProposeSummary(string roomId, string messageId, string clientMessageId, string text) =>
        Call<SendAck>(nameof(ISessionHub.ProposeSummary), roomId, messageId, clientMessageId, text);

    public Task<SendAck> RelaySharedItem(string fromRoomId, string messageId, string toRoomId, string? summary) =>
        Call<SendAck>(nameof(ISessionHub.RelaySharedItem), fromRoomId, messageId, toRoomId, summary);

    public Task<DocumentDto> RelaySharedDocument(string fromRoomId, string documentId, string toRoomId) =>
        Call<DocumentDto>(nameof(ISessionHub.RelaySharedDocument), fromRoomId, documentId, toRoomId);

    public Task<IReadOnlyList<ConsentDto>> GetConsents(string roomId) => Call<IReadOnlyList<ConsentDto>>(nameof(ISessionHub.GetConsents), roomId);

    public Task RecordSendWarning(string roomId, bool sentAnyway) => Call(nameof(ISessionHub.RecordSendWarning), roomId, sentAnyway);

    public Task<MyStateDto> GetState() => Call<MyStateDto>(nameof(ISessionHub.GetState));

    public Task<SessionViewDto> GetSession() => Call<SessionViewDto>(nameof(ISessionHub.GetSession));

    private Task Call(string method, params object?[] args) => connection.InvokeCoreAsync(method, args).WaitAsync(timeout);

    private Task<T> Call<T>(string method, params object?[] args) => connection.InvokeCoreAsync<T>(method, args).WaitAsync(timeout);
}
