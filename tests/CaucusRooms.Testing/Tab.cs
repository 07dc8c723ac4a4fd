using System.Collections.Concurrent;
using System.Net;
using CaucusRooms.Contracts;
using Microsoft.AspNetCore.SignalR.Client;

namespace CaucusRooms.Testing;

/// <summary>One hub connection (a browser tab) with everything it ever received recorded, and waits for what it receives.</summary>
public sealed class Tab : IAsyncDisposable
{
    /// <summary>The bound of every call and every wait of a tab.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    // Completed (and replaced) whenever an event is recorded: a wait wakes on arrivals, not on a timer.
    private TaskCompletionSource _arrived = NewArrival();

    private Tab(HubConnection connection, string owner)
    {
        Connection = connection;
        Owner = owner;
        Hub = new SessionHubCalls(connection, Timeout);
        connection.On<MessageDto>(nameof(ISessionClient.MessageReceived), m => Record(Messages, m));
        connection.On<MyStateDto>(nameof(ISessionClient.StateChanged), s => Record(States, s));
        connection.On<SessionViewDto>(nameof(ISessionClient.SessionChanged), v => Record(SessionViews, v));
        connection.On<MediatorAskedForDto>(nameof(ISessionClient.MediatorAskedFor), a => Record(Asks, a));
        connection.On<SignalDto>(nameof(ISessionClient.SignalReceived), x => Record(Signals, x));
        connection.On<MediaRosterDto>(nameof(ISessionClient.MediaRosterChanged), r => Record(Rosters, r));
        connection.On<DocumentDto>(nameof(ISessionClient.DocumentShared), d => Record(Documents, d));
        connection.On<RoomTimerDto>(nameof(ISessionClient.TimerChanged), t => Record(Timers, t));
    }

    public HubConnection Connection { get; }

    /// <summary>The hub's calls, typed (<see cref="ISessionHub"/>) and bounded by <see cref="Timeout"/>.</summary>
    public ISessionHub Hub { get; }

    /// <summary>Whose tab this is (for failure messages).</summary>
    public string Owner { get; }

    public ConcurrentQueue<MessageDto> Messages { get; } = new();
    public ConcurrentQueue<MyStateDto> States { get; } = new();
    public ConcurrentQueue<SessionViewDto> SessionViews { get; } = new();
    public ConcurrentQueue<MediatorAskedForDto> Asks { get; } = new();
    public ConcurrentQueue<SignalDto> Signals { get; } = new();
    public ConcurrentQueue<MediaRosterDto> Rosters { get; } = new();
    public ConcurrentQueue<DocumentDto> Documents { get; } = new();
    public ConcurrentQueue<RoomTimerDto> Timers { get; } = new();

    public MyStateDto? LastState => States.LastOrDefault();

    /// <summary>A connection to the session's hub at <paramref name="baseAddress"/> with the browser's cookies, not started and recording nothing (for connects that must fail).</summary>
    public static HubConnection Build(Uri baseAddress, string sessionId, CookieContainer cookies) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, $"{HubPaths.Session}?sessionId={sessionId}"), o => o.Cookies = cookies)
            .Build();

    /// <summary>Connects to the session's hub at <paramref name="baseAddress"/> with the browser's cookies, and waits for the first state.</summary>
    public static async Task<Tab> OpenAsync(Uri baseAddress, string sessionId, CookieContainer cookies, string owner)
    {
        var connection = Build(baseAddress, sessionId, cookies);
        var tab = new Tab(connection, owner);
        try
        {
            await connection.StartAsync().WaitAsync(Timeout);
            // The handshake completes before the server has joined the connection to its groups; its first state says it has.
            await tab.WaitForStateAsync(_ => true);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        return tab;
    }

    /// <summary>
    /// A hub call by name with any arguments, for tests that send what <see cref="Hub"/> cannot (wrong types, wrong
    /// counts); name the method as <c>nameof(ISessionHub.X)</c>.
    /// </summary>
    public Task<T> Invoke<T>(string method, params object?[] args) => Connection.InvokeCoreAsync<T>(method, args).WaitAsync(Timeout);

    /// <inheritdoc cref="Invoke{T}(string, object?[])"/>
    public Task Invoke(string method, params object?[] args) => Connection.InvokeCoreAsync(method, args).WaitAsync(Timeout);

    public Task<SendAck> SendAsync(string roomId, string text, string? clientMessageId = null) =>
        Hub.SendMessage(roomId, clientMessageId ?? Guid.NewGuid().ToString("N"), text);

    /// <summary>
    /// A round trip on this connection: the server writes to a connection in order, so everything
    /// sent to this tab before the barrier has <em>arrived</em> after it. It has not necessarily been
    /// recorded: the .NET client runs event handlers on a loop of their own, apart from the loop that
    /// completes invocations, so under load the barrier can return before an earlier event's handler
    /// ran. A check that something arrived waits for it (<see cref="WaitForAsync{T}"/>); the barrier
    /// only gives a check that something did not arrive its best chance to see a leak.
    /// </summary>
    public Task BarrierAsync() => Hub.GetState();

    /// <summary>Waits until <paramref name="received"/> (one of this tab's queues) holds an item that matches, and returns it.</summary>
    public Task<T> WaitForAsync<T>(ConcurrentQueue<T> received, Func<T, bool> match)
    {
        ArgumentNullException.ThrowIfNull(received);
        return UntilAsync(
            () => received.Where(match).Select(item => (true, item)).FirstOrDefault(),
            () => $"{Owner}: no matching {typeof(T).Name} arrived within {Timeout.TotalSeconds} s; got {received.Count}");
    }

    /// <summary>Waits until a message whose text contains <paramref name="text"/> has been recorded.</summary>
    public Task<MessageDto> WaitForMessageAsync(string text) => WaitForAsync(Messages, m => m.Text.Contains(text, StringComparison.Ordinal));

    /// <summary>Whether a message whose text contains <paramref name="text"/> has been recorded.</summary>
    public bool Saw(string text) => Messages.Any(m => m.Text.Contains(text, StringComparison.Ordinal));

    /// <summary>Waits until this tab's last state satisfies <paramref name="condition"/>.</summary>
    public Task<MyStateDto> WaitForStateAsync(Func<MyStateDto, bool> condition) =>
        UntilAsync(() => LastState is { } s && condition(s) ? (true, s) : (false, null!), () => $"{Owner}: state never matched; last was {LastState}");

    private async Task<T> UntilAsync<T>(Func<(bool Found, T Item)> find, Func<string> failure)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        while (true)
        {
            // Taken before looking, so an event recorded after the look completes it.
            var arrived = Volatile.Read(ref _arrived).Task;
            if (find() is (true, var item)) return item;
            try
            {
                await arrived.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException(failure());
            }
        }
    }

    private void Record<T>(ConcurrentQueue<T> received, T item)
    {
        received.Enqueue(item);
        Interlocked.Exchange(ref _arrived, NewArrival()).TrySetResult();
    }

    private static TaskCompletionSource NewArrival() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
