using System.Net.Http.Json;
using CaucusRooms.Bench.Hosting;
using CaucusRooms.Bench.Oracle;
using CaucusRooms.Contracts;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace CaucusRooms.Bench.Load;

/// <summary>How the bench talks to one kind of server; the traffic itself is the same for both.</summary>
internal interface ITargetDriver : IDisposable
{
    /// <summary>Everything before hub connections: for CaucusRooms sign-in, sessions, invites, redeems, agreements.</summary>
    Task PrepareAsync(IReadOnlyList<BenchSession> sessions, CancellationToken ct);

    /// <summary>Opens the five hub connections of a session and places everyone: all in the joint room.</summary>
    Task ConnectAsync(BenchSession session, Action<BenchPerson, HubConnection> wire, CancellationToken ct);

    /// <summary>True when accepted, false when refused as not entitled; throws on anything else.</summary>
    Task<bool> SendAsync(BenchPerson sender, int room, string clientMessageId, string text, CancellationToken ct);

    /// <summary>The mediator moves a person; true when accepted, false when refused.</summary>
    Task<bool> MoveAsync(BenchSession session, int person, int from, int to, CancellationToken ct);

    /// <summary>Whether the target has the readers rule and <c>GetHistory</c>: people resume history after a move, and the oracle judges it.</summary>
    bool HasHistory { get; }

    /// <summary>One page of a room's history after <paramref name="afterSeq"/>, as the person may see it; null when refused (not readable now).</summary>
    Task<IReadOnlyList<MessageDto>?> HistoryAsync(BenchPerson person, int room, long afterSeq, CancellationToken ct);
}

internal static class Hubs
{
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    /// <summary>A WebSocket connection without negotiate, as a load balancer without sticky sessions would need.</summary>
    public static HubConnection Build(Uri url, string? cookie) =>
        new HubConnectionBuilder()
            .WithUrl(url, HttpTransportType.WebSockets, o =>
            {
                o.SkipNegotiation = true;
                if (cookie is not null) o.Headers["Cookie"] = cookie;
            })
            .Build();

    public static bool IsRefusal(HubException e) =>
        HubRefusal.TryParse(e.Message, out var refusal) && refusal.Reason != "RateLimited";
}

/// <summary>CaucusRooms through its real protocol: HTTP sign-in and invites, the session hub, cookies per person.</summary>
internal sealed class CaucusRoomsDriver(Uri baseAddress, string userName, string password, IReadOnlyList<Uri>? nodes = null) : ITargetDriver
{
    private const int SetupParallelism = 8;
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    private string _mediatorCookie = "";

    public async Task PrepareAsync(IReadOnlyList<BenchSession> sessions, CancellationToken ct)
    {
        using (var login = await CookieHttp.PostAsync(_http, "/api/auth/login", new LoginRequest(userName, password), null, ct))
            _mediatorCookie = CookieHttp.CookieOf(login);
        await Parallel.ForEachAsync(sessions, new ParallelOptions { MaxDegreeOfParallelism = SetupParallelism, CancellationToken = ct }, async (s, token) =>
        {
            CreateSessionResponse created;
            using (var response = await CookieHttp.PostAsync(_http, "/api/sessions", new CreateSessionRequest($"Bench {s.Index}", Cast.SideNames, null), _mediatorCookie, token))
                created = (await response.Content.ReadFromJsonAsync<CreateSessionResponse>(token))!;
            s.SessionId = created.SessionId;
            foreach (var room in created.Rooms)
            {
                s.SetRoom(room.Kind switch
                {
                    "Joint" => Cast.Joint,
                    "Caucus" when room.Side == Cast.SideNames[0] => Cast.CaucusA,
                    "Caucus" => Cast.CaucusB,
                    _ => Cast.MediatorsRoom,
                }, room.RoomId);
            }
            s.People[Cast.Mediator].Cookie = _mediatorCookie;
            foreach (var person in s.People.Skip(1))
            {
                InviteResponse invite;
                var request = new InviteRequest(person.DisplayName, Cast.Role(person.Index), Cast.SideNames[Cast.SideOf(person.Index)]);
                using (var response = await CookieHttp.PostAsync(_http, $"/api/sessions/{s.SessionId}/invites", request, _mediatorCookie, token))
                    invite = (await response.Content.ReadFromJsonAsync<InviteResponse>(token))!;
                person.ParticipantId = invite.ParticipantId;
                using (var redeemed = await CookieHttp.PostAsync(_http, "/api/invites/redeem", new RedeemRequest(invite.Code), null, token))
                    person.Cookie = CookieHttp.CookieOf(redeemed);
                using var _ = await CookieHttp.PostAsync(_http, $"/api/sessions/{s.SessionId}/agreement/accept", new AcceptAgreementRequest(person.DisplayName), person.Cookie, token);
            }
        });
    }

    public async Task ConnectAsync(BenchSession session, Action<BenchPerson, HubConnection> wire, CancellationToken ct)
    {
        // With several nodes, a session's people are spread over them, so every room's deliveries cross the backplane.
        var hubNodes = nodes is { Count: > 0 } ? nodes : [baseAddress];
        await Task.WhenAll(session.People.Select(async p =>
        {
            var url = new Uri(hubNodes[p.Index % hubNodes.Count], $"{HubPaths.Session}?sessionId={session.SessionId}");
            var connection = Hubs.Build(url, p.Cookie);
            wire(p, connection);
            p.Connection = connection;
            await connection.StartAsync(ct).WaitAsync(Hubs.CallTimeout, ct);
        }));
        var mediator = session.People[Cast.Mediator].Connection!;
        foreach (var p in session.People.Skip(1))
            await mediator.InvokeAsync(nameof(ISessionHub.Admit), p.ParticipantId, session.RoomIds[Cast.Joint], ct).WaitAsync(Hubs.CallTimeout, ct);
    }

    public async Task<bool> SendAsync(BenchPerson sender, int room, string clientMessageId, string text, CancellationToken ct)
    {
        try
        {
            await sender.Connection!.InvokeAsync<SendAck>(nameof(ISessionHub.SendMessage), sender.Session.RoomIds[room], clientMessageId, text, ct);
            return true;
        }
        catch (HubException e) when (HubRefusal.TryParse(e.Message, out var refusal) && refusal.Reason == "NotEntitled")
        {
            return false;
        }
    }

    public async Task<bool> MoveAsync(BenchSession session, int person, int from, int to, CancellationToken ct)
    {
        try
        {
            await session.People[Cast.Mediator].Connection!.InvokeAsync(nameof(ISessionHub.Move), session.People[person].ParticipantId, session.RoomIds[to], ct);
            return true;
        }
        catch (HubException e) when (Hubs.IsRefusal(e))
        {
            return false;
        }
    }

    public bool HasHistory => true;

    public async Task<IReadOnlyList<MessageDto>?> HistoryAsync(BenchPerson person, int room, long afterSeq, CancellationToken ct)
    {
        try
        {
            return await person.Connection!.InvokeAsync<IReadOnlyList<MessageDto>>(nameof(ISessionHub.GetHistory), person.Session.RoomIds[room], afterSeq, ct);
        }
        catch (HubException e) when (HubRefusal.TryParse(e.Message, out var refusal) && refusal.Reason == "NotEntitled")
        {
            return null;
        }
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>The raw baseline hub: the same connections, groups and payloads, none of the product; people spread over the nodes.</summary>
internal sealed class BaselineDriver(IReadOnlyList<Uri> nodes) : ITargetDriver
{
    public Task PrepareAsync(IReadOnlyList<BenchSession> sessions, CancellationToken ct)
    {
        foreach (var s in sessions)
        {
            s.SessionId = Guid.NewGuid().ToString("N");
            for (var r = 0; r < Cast.Rooms; r++) s.SetRoom(r, Guid.NewGuid().ToString("N"));
            foreach (var p in s.People) p.ParticipantId = Guid.NewGuid().ToString("N");
        }
        return Task.CompletedTask;
    }

    public async Task ConnectAsync(BenchSession session, Action<BenchPerson, HubConnection> wire, CancellationToken ct)
    {
        await Task.WhenAll(session.People.Select(async p =>
        {
            var connection = Hubs.Build(new Uri(nodes[p.Index % nodes.Count], RawHub.Path), null);
            wire(p, connection);
            p.Connection = connection;
            await connection.StartAsync(ct).WaitAsync(Hubs.CallTimeout, ct);
            var rooms = Enumerable.Range(0, Cast.Rooms).Where(r => SessionModel.MayRead(SessionModel.AllInJoint, p.Index, r)).Select(r => session.RoomIds[r]).ToArray();
            p.RawConnectionId = await connection.InvokeAsync<string>(nameof(RawHub.Register), p.ParticipantId, p.DisplayName, rooms, ct).WaitAsync(Hubs.CallTimeout, ct);
        }));
    }

    public async Task<bool> SendAsync(BenchPerson sender, int room, string clientMessageId, string text, CancellationToken ct)
    {
        await sender.Connection!.InvokeAsync<SendAck>(nameof(RawHub.SendMessage), sender.Session.RoomIds[room], clientMessageId, text, ct);
        return true;
    }

    public async Task<bool> MoveAsync(BenchSession session, int person, int from, int to, CancellationToken ct)
    {
        var caucus = session.RoomIds[Cast.CaucusOf(Cast.SideOf(person))];
        var joint = session.RoomIds[Cast.Joint];
        string? leave = to == Cast.Joint ? null : joint;
        string? join = to == Cast.Joint ? joint : null;
        string[] now = to == Cast.Joint ? [joint, caucus] : [caucus];
        await session.People[Cast.Mediator].Connection!.InvokeAsync(nameof(RawHub.Move), session.People[person].ParticipantId, session.People[person].RawConnectionId, leave, join, now, ct);
        return true;
    }

    /// <summary>The raw hub keeps no history and has no readers rule.</summary>
    public bool HasHistory => false;

    public Task<IReadOnlyList<MessageDto>?> HistoryAsync(BenchPerson person, int room, long afterSeq, CancellationToken ct) =>
        throw new NotSupportedException("The baseline keeps no history.");

    public void Dispose() { }
}
