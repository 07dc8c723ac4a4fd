using System.Net;
using System.Net.Sockets;
using CaucusRooms.Redis.Tests.Nodes;
using StackExchange.Redis;

namespace CaucusRooms.Redis.Tests.Deploy;

/// <summary>deploy/run-local.sh starts redis-server, two nodes and nginx with sticky sessions, and they act as one service.</summary>
public sealed class LocalTopologyTests(ITestOutputHelper output)
{
    /// <summary>The account run-local.sh creates from CAUCUS_MEDIATOR_PASSWORD.</summary>
    private const string ScriptMediator = "mediator";

    [Fact]
    public async Task TheLocalScriptStartsRedisTwoNodesAndStickyNginxThatServeOneSessionAndStopsThemAll()
    {
        var state = Directory.CreateTempSubdirectory("caucus-local-").FullName;
        int[] ports = [RedisServer.FreePort(), RedisServer.FreePort(), RedisServer.FreePort(), RedisServer.FreePort()];
        var (redis, node1, node2, lb) = (ports[0], ports[1], ports[2], ports[3]);
        var env = new Dictionary<string, string>
        {
            ["STATE_DIR"] = state,
            ["REDIS_PORT"] = $"{redis}",
            ["NODE1_PORT"] = $"{node1}",
            ["NODE2_PORT"] = $"{node2}",
            ["LB_PORT"] = $"{lb}",
            ["SERVER_DLL"] = ServerNode.ServerDll,
            ["CAUCUS_MEDIATOR_PASSWORD"] = TestAccounts.Password,
        };
        try
        {
            var (code, log) = await RunScriptAsync("start", env, state);
            Assert.True(code == 0, $"run-local.sh start failed ({code}):\n{log}\n{Logs(state)}");

            var viaLb = new Uri($"http://127.0.0.1:{lb}/");
            await using var m = await Mediation.OpenAsync(viaLb, mediatorUserName: ScriptMediator);
            var onNode1 = await m.InviteToLobbyAsync("Alex", "Party", "Claimant", new Uri($"http://127.0.0.1:{node1}/"));
            var onNode2 = await m.SecondDeviceAsync(onNode1, new Uri($"http://127.0.0.1:{node2}/"));
            await m.AdmitAsync(onNode1, m.Joint);

            var hello = $"through nginx {Guid.NewGuid():N}";
            await m.MediatorTab.SendAsync(m.Joint, hello);
            await onNode1.Tab.WaitForMessageAsync(hello);
            await onNode2.Tab.WaitForMessageAsync(hello);
            var reply = $"from node 2 {Guid.NewGuid():N}";
            await onNode2.Tab.SendAsync(m.Joint, reply);
            await m.MediatorTab.WaitForMessageAsync(reply);
            foreach (var port in new[] { lb, node1, node2 })
            {
                using var http = new HttpClient { Timeout = Tab.Timeout };
                using var ready = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/readyz"));
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            }
            Assert.Contains("ip_hash", await File.ReadAllTextAsync(Path.Combine(state, "nginx", "nginx.conf")), StringComparison.Ordinal);

            // nginx does not proxy /metrics at all; a node itself keeps it for admins.
            using (var anonymous = new HttpClient { Timeout = Tab.Timeout })
            {
                foreach (var path in new[] { "metrics", "METRICS", "metrics/" })
                {
                    using var viaNginx = await anonymous.GetAsync(new Uri(viaLb, path));
                    Assert.Equal(HttpStatusCode.NotFound, viaNginx.StatusCode);
                }
                using var onNode = await anonymous.GetAsync(new Uri($"http://127.0.0.1:{node1}/metrics"));
                Assert.Equal(HttpStatusCode.Unauthorized, onNode.StatusCode);
            }

            // Behind nginx a node believes nginx's word about the client (and only nginx's): an invite link
            // points at nginx's own address, port included, and sign-in limits count per client address —
            // clients on 127.0.0.2 and 127.0.0.3, which ip_hash sends to the same node.
            var invite = await m.InviteOnlyAsync("Blake", "Party", "Respondent");
            Assert.StartsWith($"http://127.0.0.1:{lb}/", invite.InviteUrl, StringComparison.Ordinal);
            var limited = await WrongSignInsAsync(viaLb, IPAddress.Parse("127.0.0.2"), 31);
            var other = await WrongSignInsAsync(viaLb, IPAddress.Parse("127.0.0.3"), 1);
            Assert.Equal(HttpStatusCode.TooManyRequests, limited[^1]);
            Assert.Equal([HttpStatusCode.Unauthorized], other);

            // No certificate given: the script made one with openssl, and the key ring in Redis is encrypted with it.
            Assert.True(File.Exists(Path.Combine(state, "keyring", "keyring.pfx")));
            await using var store = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{redis}").WaitAsync(Tab.Timeout);
            var keyRing = await store.GetDatabase().ListRangeAsync(RedisKeys.DataProtectionKeys).WaitAsync(Tab.Timeout);
            Assert.NotEmpty(keyRing);
            Assert.All(keyRing, key => Assert.Contains("<encryptedSecret", key.ToString(), StringComparison.Ordinal));
        }
        finally
        {
            var (code, log) = await RunScriptAsync("stop", env, state);
            output.WriteLine(log);
            Assert.Equal(0, code);
            foreach (var port in ports) await AssertClosedAsync(port);
            try { Directory.Delete(state, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>
    /// Wrong sign-ins through nginx from a client bound to <paramref name="client"/>, each claiming another
    /// address in X-Forwarded-For: nginx appends the real one, the only one the node believes.
    /// </summary>
    private static async Task<List<HttpStatusCode>> WrongSignInsAsync(Uri viaLb, IPAddress client, int count)
    {
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(client, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        using var http = new HttpClient(handler) { BaseAddress = viaLb, Timeout = Tab.Timeout };
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/auth/login") { Content = JsonContent.Create(new LoginRequest(ScriptMediator, "guess")) };
            request.Headers.Add("X-Forwarded-For", $"198.51.100.{i + 1}");
            using var response = await http.SendAsync(request);
            statuses.Add(response.StatusCode);
        }
        return statuses;
    }

    private static async Task<(int Code, string Log)> RunScriptAsync(string command, Dictionary<string, string> env, string state)
    {
        var script = Path.Combine(Path.GetDirectoryName(ServerNode.ServerDll)!, "..", "..", "..", "..", "..", "deploy", "run-local.sh");
        var log = Path.Combine(state, $"script-{command}.log");
        // Output goes to a file: the daemons the script starts must not hold our pipes open.
        var start = new ProcessStartInfo("bash") { ArgumentList = { "-c", $"\"$0\" {command} >\"$1\" 2>&1", Path.GetFullPath(script), log } };
        foreach (var (key, value) in env) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out\n" + (File.Exists(log) ? await File.ReadAllTextAsync(log) : ""));
        }
        return (process.ExitCode, File.Exists(log) ? await File.ReadAllTextAsync(log) : "");
    }

    private static string Logs(string state) =>
        string.Join("\n", Directory.EnumerateFiles(Path.Combine(state, "logs")).Select(f => $"--- {Path.GetFileName(f)} ---\n{File.ReadAllText(f)}"));

    private static async Task AssertClosedAsync(int port)
    {
        using var client = new TcpClient();
        var refused = false;
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port).WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (SocketException)
        {
            refused = true;
        }
        Assert.True(refused, $"Port {port} still accepts connections after stop.");
    }
}
