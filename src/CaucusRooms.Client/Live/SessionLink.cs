using CaucusRooms.Contracts;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace CaucusRooms.Client.Live;

/// <summary>
/// One person's live line to one session: their own state, one feed per room they may read, and for
/// mediators the whole session. Reconnects by itself; after a reconnect it asks for the state again and
/// re-fetches each room's history after the last seq it holds, so nothing is lost and nothing doubled.
/// </summary>
public sealed partial class SessionLink : IAsyncDisposable
{
    private const string TurnedAway = "the service turned this connection away: sign in again, or ask your mediator for a new link";

    private readonly HubConnection _hub;
    private readonly RoomFeeds _feeds;
    private readonly Dictionary<(string RoomId, string Text), string> _unacknowledged = [];
    private readonly Dictionary<string, ConsentDto> _consents = new(StringComparer.Ordinal);
    private readonly List<DocumentDto> _documents = [];
    private bool _stopped;
    private Task _catchingUp = Task.CompletedTask;

    public SessionLink(Uri hubUrl, LeakDiagnostics diagnostics)
    {
        _feeds = new RoomFeeds(diagnostics);
        _hub = new HubConnectionBuilder()
            .WithUrl(hubUrl)
            .WithAutomaticReconnect(new KeepTrying())
            .Build();
        _hub.On<MessageDto>(nameof(ISessionClient.MessageReceived), m => { Route(m); return NotifyAsync(); });
        _hub.On<MyStateDto>(nameof(ISessionClient.StateChanged), OnStateChangedAsync);
        _hub.On<SessionViewDto>(nameof(ISessionClient.SessionChanged), s => { Session = s; return NotifyAsync(); });
        ListenToToolkit();
        _hub.On<ConsentDto>(nameof(ISessionClient.ConsentChanged), c => { _consents[c.MessageId] = c; return NotifyAsync(); });
        _hub.On<DocumentDto>(nameof(ISessionClient.DocumentShared), d => { _documents.Add(d); return NotifyAsync(); });
        _hub.On<MediaRosterDto>(nameof(ISessionClient.MediaRosterChanged), async r =>
        {
            Roster = r;
            if (RosterChanged is { } video) await video(r);
            await NotifyAsync();
        });
        _hub.On<SignalDto>(nameof(ISessionClient.SignalReceived), s => SignalArrived?.Invoke(s) ?? Task.CompletedTask);
        _hub.Reconnecting += _ => { State = LinkState.Reconnecting; return NotifyAsync(); };
        _hub.Reconnected += _ => OnReconnectedAsync();
        _hub.Closed += error =>
        {
            State = LinkState.Disconnected;
            if (error is not null && KeepTrying.IsTurnedAway(error)) (Problem, GaveUp) = (TurnedAway, true);
            return NotifyAsync();
        };
    }

    /// <summary>Raised after anything shown changed; pages re-render.</summary>
    public event Func<Task>? Changed;

    /// <summary>Raised when this person's own state is replaced: (before, after). Before is null the first time.</summary>
    public event Action<MyStateDto?, MyStateDto>? StateReplaced;

    /// <summary>Who is in this person's room now changed (video peers, and the panes' "here now").</summary>
    public event Func<MediaRosterDto, Task>? RosterChanged;

    /// <summary>Video: a signaling message from someone in the same room.</summary>
    public event Func<SignalDto, Task>? SignalArrived;

    public LinkState State { get; private set; } = LinkState.Connecting;

    /// <summary>The last roster of this person's room ("here now"), if any arrived.</summary>
    public MediaRosterDto? Roster { get; private set; }

    public MyStateDto? Me { get; private set; }

    /// <summary>The whole session; mediators only.</summary>
    public SessionViewDto? Session { get; private set; }

    /// <summary>True once the link stopped trying: the service turned it away.</summary>
    public bool GaveUp { get; private set; }

    /// <summary>Why the last attempt to connect failed, if it did.</summary>
    public string? Problem { get; private set; }

    /// <summary>The feed of one room; empty until its history or a message arrives.</summary>
    public RoomFeed Feed(string roomId) => _feeds.Of(roomId);

    /// <summary>The documents shared into a room since this link started, as the server told this person.</summary>
    public IReadOnlyList<DocumentDto> DocumentsSharedIn(string roomId) => [.. _documents.Where(d => d.RoomId == roomId)];

    public async Task StartAsync(CancellationToken ct = default)
    {
        for (var attempt = 0; !_stopped && !ct.IsCancellationRequested; attempt++)
        {
            try
            {
                State = attempt == 0 ? LinkState.Connecting : LinkState.Reconnecting;
                await NotifyAsync();
                await _hub.StartAsync(ct);
                State = LinkState.Connected;
                Problem = null;
                await RefreshAsync();
                return;
            }
            catch (Exception e) when (e is HttpRequestException or System.Net.WebSockets.WebSocketException or HubException or InvalidOperationException or TimeoutException)
            {
                State = LinkState.Disconnected;
                if (KeepTrying.IsTurnedAway(e))
                {
                    // Trying again cannot help: the sign-in ended, or the person is no longer in this session.
                    Problem = TurnedAway;
                    GaveUp = true;
                    await NotifyAsync();
                    return;
                }
                Problem = HubRefusal.SentenceOf(e.Message);
                await NotifyAsync();
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(10, 1 + attempt)), ct);
            }
        }
    }

    /// <summary>Sends to exactly <paramref name="roomId"/>. A refusal comes back as a sentence; nothing is sent elsewhere.</summary>
    public async Task<SendResult> SendAsync(string roomId, string text)
    {
        if (_hub.State != HubConnectionState.Connected) return SendResult.Refused("Not connected right now; your message was kept. Try again when the connection is back.");
        // A send whose ack was lost (the line dropped) is retried under the same client message id,
        // so the service stores it once however often the person presses Send.
        if (!_unacknowledged.TryGetValue((roomId, text), out var clientMessageId))
            _unacknowledged[(roomId, text)] = clientMessageId = Guid.NewGuid().ToString("N");
        try
        {
            await _hub.InvokeAsync<SendAck>(nameof(ISessionHub.SendMessage), roomId, clientMessageId, text);
            _unacknowledged.Remove((roomId, text));
            return SendResult.Sent;
        }
        catch (Exception e) when (e is HubException or InvalidOperationException or TaskCanceledException)
        {
            return SendResult.Refused(HubRefusal.SentenceOf(e.Message));
        }
    }

    /// <summary>Calls a mediator operation (Admit, Move, Lock, Unlock, Remove) or AskForMediator; returns the refusal, or null.</summary>
    public async Task<string?> ActAsync(string method, params object?[] args)
    {
        try
        {
            await _hub.InvokeCoreAsync(method, args);
            return null;
        }
        catch (Exception e) when (e is HubException or InvalidOperationException or TaskCanceledException)
        {
            return HubRefusal.SentenceOf(e.Message);
        }
    }

    /// <summary>Video: the roster of this person's room now.</summary>
    public async Task<MediaRosterDto?> MediaRosterAsync()
    {
        try
        {
            return Roster = await _hub.InvokeAsync<MediaRosterDto>(nameof(ISessionHub.GetMediaRoster));
        }
        catch (Exception e) when (e is HubException or InvalidOperationException)
        {
            return Roster;
        }
    }

    /// <summary>A mediator puts a summary of a private item to its side; returns the refusal, or null.</summary>
    public async Task<string?> ProposeAsync(string roomId, string itemId, string summary)
    {
        try
        {
            await _hub.InvokeAsync<SendAck>(nameof(ISessionHub.ProposeSummary), roomId, itemId, Guid.NewGuid().ToString("N"), summary);
            return null;
        }
        catch (Exception e) when (e is HubException or InvalidOperationException or TaskCanceledException)
        {
            return HubRefusal.SentenceOf(e.Message);
        }
    }

    /// <summary>Video: relays a signaling payload to someone in the same room; returns the refusal (the hub refuses anyone else), or null.</summary>
    public Task<string?> RelaySignalAsync(string toParticipantId, string payload) => ActAsync(nameof(ISessionHub.RelaySignal), toParticipantId, payload);

    /// <summary>True when the side that said this private item consented to share it.</summary>
    public bool IsShareable(string messageId) => _consents.TryGetValue(messageId, out var c) && c.State == "Granted";

    /// <summary>The consent state of a private item ("Asked", "Granted", "Withdrawn"), or null when nothing was decided.</summary>
    public string? ConsentOf(string messageId) => _consents.TryGetValue(messageId, out var c) ? c.State : null;

    public async ValueTask DisposeAsync()
    {
        _stopped = true;
        await _hub.DisposeAsync();
    }

    private IEnumerable<string> Readable => Me?.Rooms.Select(r => r.RoomId) ?? [];

    private void Route(MessageDto message) => _feeds.Offer(message, Readable);

    private void Settle() => _feeds.Settle(Readable);

    private async Task OnStateChangedAsync(MyStateDto state)
    {
        var before = Me;
        Me = state;
        Settle();
        StateReplaced?.Invoke(before, state);
        await NotifyAsync();
        if (state.Location == "Gone")
        {
            _stopped = true;
            await _hub.StopAsync();
            return;
        }
        // The history of the rooms readable now is fetched off the hub's handler loop: the .NET client runs one
        // handler at a time, so a fetch awaited here (a round trip per room) held up everything behind this state,
        // the new room's roster and its video signals among them. Where each room's fetch starts is read now,
        // before any later live message moves it on, so nothing in between is skipped; fetches run one after another.
        var marks = HistoryMarks();
        var withSession = state.Role == "Mediator" && state.Location == "Room";
        _catchingUp = CatchUpAsync(_catchingUp, marks, withSession);
    }

    private async Task CatchUpAsync(Task before, IReadOnlyList<(string RoomId, long AfterSeq)> marks, bool withSession)
    {
        // After the earlier catch-up however it ended: one that failed must not stop every catch-up after it.
        await Task.WhenAny(before);
        try
        {
            await FetchHistoryAsync(marks);
            await FetchTimersAsync();
            if (withSession && Session is null) await FetchSessionAsync();
        }
        catch (Exception e) when (e is InvalidOperationException or TaskCanceledException or IOException or HubException)
        {
            // The connection closed meanwhile: a reconnect fetches again from what is held then.
        }
    }

    private async Task OnReconnectedAsync()
    {
        State = LinkState.Connected;
        await NotifyAsync();
        await RefreshAsync();
    }

    private async Task RefreshAsync()
    {
        try
        {
            Me = await _hub.InvokeAsync<MyStateDto>(nameof(ISessionHub.GetState));
            Settle();
            if (Me is { Role: "Mediator", Location: "Room" }) await FetchSessionAsync();
            if (Me is { Location: "Room" }) Roster = await _hub.InvokeAsync<MediaRosterDto>(nameof(ISessionHub.GetMediaRoster));
            await FetchHistoryAsync(HistoryMarks());
            await FetchConsentsAsync();
            await FetchTimersAsync();
        }
        catch (HubException e)
        {
            Problem = HubRefusal.SentenceOf(e.Message);
        }
        await NotifyAsync();
    }

    private async Task FetchSessionAsync()
    {
        try
        {
            Session = await _hub.InvokeAsync<SessionViewDto>(nameof(ISessionHub.GetSession));
        }
        catch (HubException e)
        {
            Problem = HubRefusal.SentenceOf(e.Message);
        }
    }

    /// <summary>The consent states of the private rooms this person reads (consents change only there).</summary>
    private async Task FetchConsentsAsync()
    {
        foreach (var room in Me?.Rooms.Where(r => r.Kind == "Caucus") ?? [])
        {
            try
            {
                foreach (var consent in await _hub.InvokeAsync<IReadOnlyList<ConsentDto>>(nameof(ISessionHub.GetConsents), room.RoomId))
                    _consents[consent.MessageId] = consent;
            }
            catch (HubException)
            {
                // Not readable now: the next state change fetches again.
            }
        }
    }

    /// <summary>Each readable room and the last seq held in it now: where its history fetch starts.</summary>
    private List<(string RoomId, long AfterSeq)> HistoryMarks() => [.. Readable.Select(r => (r, Feed(r).LastSeq))];

    /// <summary>Each room's messages after its mark, page by page.</summary>
    private async Task FetchHistoryAsync(IReadOnlyList<(string RoomId, long AfterSeq)> marks)
    {
        foreach (var (roomId, afterSeq) in marks)
        {
            try
            {
                for (var after = afterSeq; ;)
                {
                    var page = await _hub.InvokeAsync<IReadOnlyList<MessageDto>>(nameof(ISessionHub.GetHistory), roomId, after);
                    foreach (var message in page) Route(message);
                    if (page.Count < 200) break;
                    after = page.Max(m => m.Seq);
                }
            }
            catch (HubException)
            {
                // Moved out of the room meanwhile: the next state change fetches what is readable then.
            }
        }
        await NotifyAsync();
    }

    private Task NotifyAsync() => Changed?.Invoke() ?? Task.CompletedTask;

    /// <summary>
    /// Retries for as long as the page is open (0 s, 1 s, 2 s, then every 5 s), except when the service
    /// turned the connection away (401/403): then the sign-in ended or the person was removed.
    /// </summary>
    private sealed class KeepTrying : IRetryPolicy
    {
        public static bool IsTurnedAway(Exception error) =>
            error is HttpRequestException { StatusCode: System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden };

        public TimeSpan? NextRetryDelay(RetryContext retryContext) => retryContext.RetryReason is { } reason && IsTurnedAway(reason) ? null : retryContext.PreviousRetryCount switch
        {
            0 => TimeSpan.Zero,
            1 => TimeSpan.FromSeconds(1),
            2 => TimeSpan.FromSeconds(2),
            _ => TimeSpan.FromSeconds(5),
        };
    }
}
