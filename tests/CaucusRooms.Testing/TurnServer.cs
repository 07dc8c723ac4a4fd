using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace CaucusRooms.Testing;

/// <summary>
/// A real coturn (<c>turnserver</c>) on a free UDP port of 127.0.0.1, with the TURN REST scheme
/// (<c>use-auth-secret</c>) as deploy/coturn/turnserver.conf, and loopback peers allowed (every
/// browser of the test relays to 127.0.0.1; production denies that range).
/// </summary>
public sealed class TurnServer : IAsyncDisposable
{
    public const string Executable = "/usr/bin/turnserver";

    private const int MaxLogLines = 400;

    private readonly string _directory = Directory.CreateTempSubdirectory("caucus-coturn-").FullName;
    private readonly ConcurrentQueue<string> _log = new();
    private Process? _process;

    /// <summary>The secret coturn shares with the service (<c>static-auth-secret</c>, <c>Ice:TurnSharedSecret</c>).</summary>
    public string SharedSecret { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    public int Port { get; } = FreeUdpPort();

    public string Url => $"turn:127.0.0.1:{Port}?transport=udp";

    /// <summary>What coturn wrote (the last lines), for the test output.</summary>
    public IEnumerable<string> Log => _log;

    public async Task StartAsync()
    {
        if (!File.Exists(Executable)) throw new InvalidOperationException($"{Executable} is missing: run ./scripts/test.sh, which installs coturn.");
        // A relay port range of its own, so two test runs on one machine do not share one.
        var minPort = 40000 + (RandomNumberGenerator.GetInt32(100) * 200);
        var start = new ProcessStartInfo(Executable)
        {
            ArgumentList =
            {
                "-n", // no configuration file: only these options
                $"--listening-ip=127.0.0.1", $"--relay-ip=127.0.0.1", $"--listening-port={Port.ToString(CultureInfo.InvariantCulture)}",
                $"--min-port={minPort.ToString(CultureInfo.InvariantCulture)}", $"--max-port={(minPort + 199).ToString(CultureInfo.InvariantCulture)}",
                "--use-auth-secret", $"--static-auth-secret={SharedSecret}", "--realm=caucus.test",
                "--no-tcp", "--no-tls", "--no-dtls", "--no-cli", "--allow-loopback-peers", "--fingerprint",
                "--no-software-attribute", "--log-file=stdout", "--simple-log",
                $"--pidfile={Path.Combine(_directory, "turnserver.pid")}", $"--userdb={Path.Combine(_directory, "turndb")}",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("turnserver did not start.");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        // Ready when it answers a STUN binding request. Bounded: 50 tries of at most 200 ms.
        using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var request = BindingRequest();
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (_process.HasExited) break;
            await probe.SendAsync(request, new IPEndPoint(IPAddress.Loopback, Port));
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            try
            {
                var answer = await probe.ReceiveAsync(wait.Token);
                // A binding success response (0x0101) echoing our transaction id.
                if (answer.Buffer.Length >= 20 && answer.Buffer[0] == 0x01 && answer.Buffer[1] == 0x01 && answer.Buffer.AsSpan(8, 12).SequenceEqual(request.AsSpan(8, 12))) return;
            }
            catch (OperationCanceledException)
            {
                // Not listening yet.
            }
            catch (SocketException)
            {
                // Port unreachable: not listening yet.
                await Task.Delay(100);
            }
        }
        throw new InvalidOperationException($"turnserver on UDP port {Port} did not answer a STUN binding request:\n{string.Join('\n', _log)}");
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        _log.Enqueue(line);
        while (_log.Count > MaxLogLines) _log.TryDequeue(out _);
    }

    // RFC 5389: type 0x0001 (binding request), length 0, magic cookie, a random transaction id.
    private static byte[] BindingRequest()
    {
        var request = new byte[20];
        request[1] = 0x01;
        request[4] = 0x21; request[5] = 0x12; request[6] = 0xA4; request[7] = 0x42;
        RandomNumberGenerator.Fill(request.AsSpan(8, 12));
        return request;
    }

    private static int FreeUdpPort()
    {
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.Client.LocalEndPoint!).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            if (!_process.HasExited) _process.Kill();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            _process.Dispose();
        }
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { }
    }
}
