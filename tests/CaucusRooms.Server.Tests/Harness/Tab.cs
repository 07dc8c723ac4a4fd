using System.Collections.Concurrent;
using System.Net;
using CaucusRooms.Contracts;
using Microsoft.AspNetCore.SignalR.Client;

namespace CaucusRooms.Server.Tests.Harness;

/// <summary>One hub connection with everything it ever received recorded.</summary>
public sealed class Tab : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private Tab(HubConnection connection, string owner)
    {
        Connection = connection;
        Owner = owner;
        connection.On<MessageDto>(nameof(ISessionClient.MessageReceived), m => Messages.Enqueue(m));
        connection.On<MyStateDto>(nameof(ISessionClient.StateChanged), s => States.Enqueue(s));
        connection.On<SessionViewDto>(nameof(ISessionClient.SessionChanged), v => SessionViews.Enqueue(v));
        connection.On<MediatorAskedForDto>(nameof(ISessionClient.MediatorAskedFor), a => Asks.Enqueue(a));
        connection.On<SignalDto>(nameof(ISessionClient.SignalReceived), x => Signals.Enqueue(x));
        connection.On<MediaRosterDto>(nameof(ISessionClient.MediaRosterChanged), r => Rosters.Enqueue(r));
        connection.On<DocumentDto>(nameof(ISessionClient.DocumentShared), d => Documents.Enqueue(d));
    }

    public HubConnection Connection { get; }
    public string Owner { get; }
    public ConcurrentQueue<MessageDto> Messages { get; } = new();
    public ConcurrentQueue<MyStateDto> States { get; } = new();
    public ConcurrentQueue<SessionViewDto> SessionViews { get; } = new();
    public ConcurrentQueue<MediatorAskedForDto> Asks { get; } = new();
    public ConcurrentQueue<SignalDto> Signals { get; } = new();
    public ConcurrentQueue<MediaRosterDto> Rosters { get; } = new();
    public ConcurrentQueue<DocumentDto> Documents { get; } = new();

    public MyStateDto? LastState => States.LastOrDefault();

    public static HubConnection Build(Uri baseAddress, string sessionId, CookieContainer cookies) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, $"{HubPaths.Session}?sessionId={sessionId}"), o => o.Cookies = cookies)
            .Build();

    public static async Task<Tab> OpenAsync(Uri baseAddress, string sessionId, CookieContainer cookies, string owner)
    {
        var tab = new Tab(Build(baseAddress, sessionId, cookies), owner);
        await tab.Connection.StartAsync().WaitAsync(Timeout);
        // The handshake completes before the server has joined the connection to its groups; its first state says it has.
        await tab.WaitForStateAsync(_ => true);
        return tab;
    }

    public Task<T> Invoke<T>(string method, params object?[] args) => Connection.InvokeCoreAsync<T>(method, args).WaitAsync(Timeout);

    public Task Invoke(string method, params object?[] args) => Connection.InvokeCoreAsync(method, args).WaitAsync(Timeout);

    public Task<SendAck> SendAsync(string roomId, string text, string? clientMessageId = null) =>
        Invoke<SendAck>(nameof(ISessionHub.SendMessage), roomId, clientMessageId ?? Guid.NewGuid().ToString("N"), text);

    /// <summary>
    /// A round trip on this connection: the server writes to a connection in order, so everything
    /// sent to this tab before the barrier has <em>arrived</em> after it. It has not necessarily been
    /// recorded: the .NET client runs event handlers on a loop of their own, apart from the loop that
    /// completes invocations, so under load the barrier can return before an earlier event's handler
    /// ran. A check that something arrived waits for it (<see cref="WaitForAsync{T}"/>); the barrier
    /// only gives a check that something did not arrive its best chance to see a leak.
    /// </summary>
    public Task BarrierAsync() => Invoke<MyStateDto>(nameof(ISessionHub.GetState));

    /// <summary>Waits until <paramref name="received"/> (one of this tab's queues) holds an item that matches, and returns it.</summary>
    public async Task<T> WaitForAsync<T>(ConcurrentQueue<T> received, Func<T, bool> match)
    {
        ArgumentNullException.ThrowIfNull(received);
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            foreach (var item in received)
                if (match(item)) return item;
            await Task.Delay(20);
        }
        throw new TimeoutException($"{Owner}: no matching {typeof(T).Name} arrived within {Timeout.TotalSeconds} s; got {received.Count}");
    }

    /// <summary>Waits until a message whose text contains <paramref name="text"/> has been recorded.</summary>
    public Task<MessageDto> WaitForMessageAsync(string text) => WaitForAsync(Messages, m => m.Text.Contains(text, StringComparison.Ordinal));

    public bool Saw(string text) => Messages.Any(m => m.Text.Contains(text, StringComparison.Ordinal));

    /// <summary>Waits until this tab's last state satisfies <paramref name="condition"/>.</summary>
    public async Task<MyStateDto> WaitForStateAsync(Func<MyStateDto, bool> condition)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (LastState is { } s && condition(s)) return s;
            await Task.Delay(20);
        }
        throw new TimeoutException($"{Owner}: state never matched; last was {LastState}");
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
