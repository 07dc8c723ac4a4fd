using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using CaucusRooms.Contracts;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace CaucusRooms.Redis.Tests.Nodes;

/// <summary>
/// One person's browser: a cookie jar (cookies on 127.0.0.1 hold for every node's port), an
/// HTTP client and at most one hub connection, with everything the hub sent it recorded.
/// </summary>
public sealed class Person(string name) : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly CookieContainer _jar = new();
    private HttpClient? _http;

    public string Name { get; } = name;

    public string ParticipantId { get; set; } = "";

    public string InviteCode { get; set; } = "";

    public HubConnection? Hub { get; private set; }

    public ConcurrentQueue<MessageDto> Received { get; } = new();

    public ConcurrentQueue<MyStateDto> States { get; } = new();

    public HttpClient Http(Uri node)
    {
        if (_http?.BaseAddress != node)
        {
            _http?.Dispose();
            _http = new HttpClient(new HttpClientHandler { CookieContainer = _jar, UseCookies = true }) { BaseAddress = node, Timeout = Timeout };
        }
        return _http;
    }

    /// <summary>Puts a copy of <paramref name="other"/>'s cookies for <paramref name="node"/> into this browser, as someone who copied them would.</summary>
    public void CopyCookiesFrom(Person other, Uri node)
    {
        ArgumentNullException.ThrowIfNull(other);
        _jar.Add(other._jar.GetCookies(node));
    }

    public async Task SignInAsync(Uri node, string user, string password)
    {
        using var response = await Http(node).PostAsJsonAsync("api/auth/login", new LoginRequest(user, password));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Opens the hub on <paramref name="node"/>: WebSockets only with negotiation skipped, or negotiated (behind a sticky load balancer).</summary>
    public async Task ConnectAsync(Uri node, string sessionId, bool negotiate = false)
    {
        if (Hub is not null) await DisconnectAsync();
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(node, $"{HubPaths.Session.TrimStart('/')}?sessionId={sessionId}"), o =>
            {
                o.Cookies = _jar;
                if (negotiate) return;
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
            })
            .Build();
        hub.ServerTimeout = TimeSpan.FromSeconds(30);
        hub.On<MessageDto>(nameof(ISessionClient.MessageReceived), m => Received.Enqueue(m));
        hub.On<MyStateDto>(nameof(ISessionClient.StateChanged), s => States.Enqueue(s));
        hub.On<SessionViewDto>(nameof(ISessionClient.SessionChanged), _ => { });
        hub.On<MediatorAskedForDto>(nameof(ISessionClient.MediatorAskedFor), _ => { });
        var before = States.Count;
        using var cts = new CancellationTokenSource(Timeout);
        await hub.StartAsync(cts.Token);
        Hub = hub;
        // The handshake completes before the server has joined the connection to its groups;
        // its first state says it has.
        var deadline = DateTime.UtcNow + Timeout;
        while (States.Count == before)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{Name} got no state after connecting.");
            await Task.Delay(10);
        }
    }

    public async Task DisconnectAsync()
    {
        if (Hub is null) return;
        using var cts = new CancellationTokenSource(Timeout);
        await Hub.StopAsync(cts.Token);
        await Hub.DisposeAsync();
        Hub = null;
    }

    public async Task<SendAck> SendAsync(string roomId, string text, string? clientMessageId = null)
    {
        using var cts = new CancellationTokenSource(Timeout);
        return await Hub!.InvokeAsync<SendAck>(nameof(ISessionHub.SendMessage), roomId, clientMessageId ?? Guid.NewGuid().ToString("N"), text, cts.Token);
    }

    public async Task InvokeAsync(string method, params object?[] args)
    {
        using var cts = new CancellationTokenSource(Timeout);
        await Hub!.InvokeCoreAsync(method, args, cts.Token);
    }

    public async Task<IReadOnlyList<MessageDto>> HistoryAsync(string roomId, long afterSeq)
    {
        using var cts = new CancellationTokenSource(Timeout);
        return await Hub!.InvokeAsync<IReadOnlyList<MessageDto>>(nameof(ISessionHub.GetHistory), roomId, afterSeq, cts.Token);
    }

    public async Task<SessionViewDto> SessionAsync()
    {
        using var cts = new CancellationTokenSource(Timeout);
        return await Hub!.InvokeAsync<SessionViewDto>(nameof(ISessionHub.GetSession), cts.Token);
    }

    public async Task<MyStateDto> StateAsync()
    {
        using var cts = new CancellationTokenSource(Timeout);
        return await Hub!.InvokeAsync<MyStateDto>(nameof(ISessionHub.GetState), cts.Token);
    }

    public bool HasReceived(string text) => Received.Any(m => m.Text == text);

    /// <summary>Waits (bounded) until a message with this text arrived.</summary>
    public async Task<MessageDto> WaitForAsync(string text)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Received.FirstOrDefault(m => m.Text == text) is { } m) return m;
            await Task.Delay(10);
        }
        throw new TimeoutException($"{Name} never received \"{text}\".");
    }

    public async ValueTask DisposeAsync()
    {
        try { await DisconnectAsync(); }
        catch (OperationCanceledException) { }
        _http?.Dispose();
    }
}
