using CaucusRooms.Contracts;

namespace CaucusRooms.Testing;

/// <summary>The mediator's toolkit calls (<c>ToolkitContracts.cs</c>), typed.</summary>
public sealed partial class SessionHubCalls
{
    public Task<IReadOnlyList<SendAck>> Announce(string clientMessageId, string text) =>
        Call<IReadOnlyList<SendAck>>(nameof(ISessionHub.Announce), clientMessageId, text);

    public Task StartTimer(string roomId, int seconds) => Call(nameof(ISessionHub.StartTimer), roomId, seconds);

    public Task ExtendTimer(string roomId, int seconds) => Call(nameof(ISessionHub.ExtendTimer), roomId, seconds);

    public Task CancelTimer(string roomId) => Call(nameof(ISessionHub.CancelTimer), roomId);

    public Task<IReadOnlyList<RoomTimerDto>> GetTimers() => Call<IReadOnlyList<RoomTimerDto>>(nameof(ISessionHub.GetTimers));

    public Task<EveryoneBackDto> EveryoneBack() => Call<EveryoneBackDto>(nameof(ISessionHub.EveryoneBack));

    public Task<SendAck> AnswerAsk(string participantId, string text) => Call<SendAck>(nameof(ISessionHub.AnswerAsk), participantId, text);
}
