using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace CaucusRooms.Server.Tests.Rooms;

/// <summary>
/// Input that JSON can carry but a hub cannot use, sent with the official .NET client (a raw
/// argument written verbatim, as the JavaScript client writes it): which calls get an error on an
/// open connection, and which frames close the connection, exactly as docs/protocol.md says.
/// </summary>
public sealed class HubProtocolEdgeTests(HubServerFixture server) : IClassFixture<HubServerFixture>
{
    [Theory]
    [InlineData("\"before \\ud800 after\"", 8)]
    [InlineData("\"\\udc00 a low half first\"", 1)]
    [InlineData("\"swapped \\ude00\\ud83d\"", 9)]
    public async Task AMessageWithALoneSurrogateIsRefusedAsInvalidInputAndTheConnectionStaysOpen(string rawText, int position)
    {
        await using var m = await Mediation.OpenAsync(server);
        await using var raw = await OpenRawAsync(m.Mediator, m.SessionId);

        var error = await Assert.ThrowsAsync<HubException>(() => raw.InvokeCoreAsync<SendAck>(nameof(ISessionHub.SendMessage), [m.Joint, "cid-1", new RawJson(rawText)]).WaitAsync(Tab.Timeout));

        Assert.Equal("InvalidInput", Refused.Reason(error));
        Assert.Contains($"character {position} is half of a surrogate pair", error.Message, StringComparison.Ordinal);
        Assert.Equal(HubConnectionState.Connected, raw.State);
        Assert.Empty(await m.MediatorTab.Hub.GetHistory(m.Joint, 0L));
        // A whole pair, escaped, is an ordinary character; the same connection goes on.
        await raw.InvokeCoreAsync<SendAck>(nameof(ISessionHub.SendMessage), [m.Joint, "cid-2", new RawJson("\"smile \\ud83d\\ude00\"")]).WaitAsync(Tab.Timeout);
        Assert.Equal(["smile 😀"], (await m.MediatorTab.Hub.GetHistory(m.Joint, 0L)).Select(x => x.Text));
    }

    [Fact]
    public void AnEscapedStringIsReadVerbatimOnlyWhereSystemTextJsonWouldRefuseIt()
    {
        var options = new JsonSerializerOptions { Converters = { new Server.Rooms.VerbatimStringConverter() } };

        Assert.Equal("tab\t quote\" slash/ é \ud800 end\\", JsonSerializer.Deserialize<string>("\"tab\\t quote\\\" slash\\/ \\u00e9 \\ud800 end\\\\\"", options));
        Assert.Equal("😀 plain", JsonSerializer.Deserialize<string>("\"\\ud83d\\ude00 plain\"", options));
        Assert.Null(JsonSerializer.Deserialize<string>("null", options));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<string>("42", options));
        Assert.Equal("\"\\uFFFD\"", JsonSerializer.Serialize("\ud800", options));
    }

    [Fact]
    public async Task AFrameNestedDeeperThan64LevelsClosesThatConnectionOnlyAndTheServerStaysUp()
    {
        await using var m = await Mediation.OpenAsync(server);
        await using var raw = await OpenRawAsync(m.Mediator, m.SessionId);
        var closed = new TaskCompletionSource<Exception?>();
        raw.Closed += e => { closed.TrySetResult(e); return Task.CompletedTask; };

        // The message object and its arguments array are the frame's first two levels: an argument
        // nested 62 deep makes 64, within the limit, so it is a wrong argument on an open connection.
        await Assert.ThrowsAsync<HubException>(() => raw.InvokeCoreAsync<SendAck>(nameof(ISessionHub.SendMessage), [m.Joint, "cid-1", new RawJson(Nested(62))]).WaitAsync(Tab.Timeout));
        Assert.Equal(HubConnectionState.Connected, raw.State);

        // One level more and the protocol cannot read the frame.
        var unreadable = await Assert.ThrowsAsync<HubException>(() => raw.InvokeCoreAsync<SendAck>(nameof(ISessionHub.SendMessage), [m.Joint, "cid-2", new RawJson(Nested(63))]).WaitAsync(Tab.Timeout));
        Assert.Contains("The server closed the connection", unreadable.Message, StringComparison.Ordinal);
        var reason = await closed.Task.WaitAsync(Tab.Timeout);

        Assert.NotNull(reason);
        Assert.Equal(1, (await m.MediatorTab.SendAsync(m.Joint, "still serving")).Seq);
    }

    [Fact]
    public async Task AMethodNameWithABrokenCharacterClosesThatConnectionWhileTheNetClientSendsItAsAReplacementCharacter()
    {
        await using var m = await Mediation.OpenAsync(server);

        // The .NET client writes a lone surrogate as U+FFFD: an unknown method, an error on an open connection.
        await Assert.ThrowsAsync<HubException>(() => m.MediatorTab.Invoke("Send\ud800Message", m.Joint, "cid-1", "text"));
        Assert.Equal(HubConnectionState.Connected, m.MediatorTab.Connection.State);

        // The JavaScript client writes it as the escape \ud800, which the JSON protocol cannot read as a method name.
        using var socket = new ClientWebSocket();
        socket.Options.Cookies = m.Mediator.Cookies;
        var uri = new UriBuilder(new Uri(server.BaseAddress, $"{HubPaths.Session}?sessionId={m.SessionId}")) { Scheme = "ws" }.Uri;
        using var timeout = new CancellationTokenSource(Tab.Timeout);
        await socket.ConnectAsync(uri, timeout.Token);
        await SendFrameAsync(socket, """{"protocol":"json","version":1}""", timeout.Token);
        Assert.StartsWith("{}\u001e", await ReceiveAsync(socket, timeout.Token), StringComparison.Ordinal);
        await SendFrameAsync(socket, $$"""{"type":1,"invocationId":"1","target":"Send\ud800Message","arguments":["{{m.Joint}}","cid-2","text"]}""", timeout.Token);

        // Bounded: at most 10 reads until the server's close message (type 7); no completion for the call comes first.
        var received = new StringBuilder();
        for (var i = 0; i < 10 && !received.ToString().Contains("\"type\":7", StringComparison.Ordinal) && socket.State == WebSocketState.Open; i++)
            received.Append(await ReceiveAsync(socket, timeout.Token));
        Assert.Contains("\"type\":7", received.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("\"type\":3", received.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, (await m.MediatorTab.SendAsync(m.Joint, "still serving")).Seq);
    }

    private static string Nested(int depth) => new string('[', depth) + new string(']', depth);

    private async Task<HubConnection> OpenRawAsync(Person person, string sessionId)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, $"{HubPaths.Session}?sessionId={sessionId}"), o => o.Cookies = person.Cookies)
            .AddJsonProtocol(o =>
            {
                o.PayloadSerializerOptions.Converters.Add(new RawJsonWriter());
                o.PayloadSerializerOptions.MaxDepth = 256;
            })
            .Build();
        await connection.StartAsync().WaitAsync(Tab.Timeout);
        return connection;
    }

    private static Task SendFrameAsync(ClientWebSocket socket, string json, CancellationToken ct) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(json + '\u001e'), WebSocketMessageType.Text, endOfMessage: true, ct);

    private static async Task<string> ReceiveAsync(ClientWebSocket socket, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        var result = await socket.ReceiveAsync(buffer, ct);
        return Encoding.UTF8.GetString(buffer, 0, result.Count);
    }

    /// <summary>An argument the client writes as these exact JSON characters.</summary>
    private sealed record RawJson(string Json);

    private sealed class RawJsonWriter : JsonConverter<RawJson>
    {
        public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();

        public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options) => writer.WriteRawValue(value.Json, skipInputValidation: true);
    }
}
