using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace CaucusRooms.Redis.Tests;

/// <summary>
/// A real redis-server on a free loopback port with its own temporary directory, writing
/// every change to its append-only file before answering (so a stop loses nothing acked).
/// Can be stopped and started again on the same port and data.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    public const string Executable = "/usr/bin/redis-server";

    private readonly string _directory = Directory.CreateTempSubdirectory("caucus-redis-").FullName;
    private Process? _process;

    public int Port { get; } = FreePort();

    public string ConnectionString => $"127.0.0.1:{Port}";

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task StartAsync()
    {
        if (!File.Exists(Executable)) throw new InvalidOperationException($"{Executable} is missing: run ./scripts/test.sh, which installs redis-server.");
        var start = new ProcessStartInfo(Executable)
        {
            ArgumentList =
            {
                "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                "--dir", _directory, "--appendonly", "yes", "--appendfsync", "always", "--save", "",
                "--daemonize", "no", "--logfile", Path.Combine(_directory, "redis.log"),
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        // Bounded: 100 tries, 100 ms apart.
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                var options = new ConfigurationOptions { ConnectTimeout = 1000, AbortOnConnectFail = true };
                options.EndPoints.Add(IPAddress.Loopback, Port);
                using var probe = await ConnectionMultiplexer.ConnectAsync(options).WaitAsync(TimeSpan.FromSeconds(5));
                await probe.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(5));
                return;
            }
            catch (RedisConnectionException)
            {
                await Task.Delay(100);
            }
        }
        throw new InvalidOperationException($"redis-server on port {Port} did not answer: {Log()}");
    }

    /// <summary>Kills the server at once (no goodbye), as a crash or a cut cable would.</summary>
    public async Task StopAsync()
    {
        if (_process is null) return;
        _process.Kill();
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
        _process = null;
    }

    /// <summary>Freezes the server (SIGSTOP): connections stay open and every command waits, as in a long GC pause or a stalled VM.</summary>
    public Task PauseAsync() => SignalAsync("-STOP");

    /// <summary>Lets a paused server go on (SIGCONT).</summary>
    public Task ResumeAsync() => SignalAsync("-CONT");

    private async Task SignalAsync(string signal)
    {
        if (_process is null) throw new InvalidOperationException("redis-server is not running.");
        using var kill = Process.Start(new ProcessStartInfo("/bin/kill") { ArgumentList = { signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) } })
            ?? throw new InvalidOperationException("kill did not start.");
        await kill.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill {signal} {_process.Id} failed with {kill.ExitCode}.");
    }

    public string Log()
    {
        var file = Path.Combine(_directory, "redis.log");
        return File.Exists(file) ? File.ReadAllText(file) : "(no log)";
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { }
    }
}

/// <summary>
/// One redis-server and one shared connection for a test collection; the fixture owns both
/// and disposes them at the end (tests only borrow the connection). Connection failures are
/// written to the test output.
/// </summary>
public sealed class RedisFixture : IAsyncLifetime
{
    public RedisServer Server { get; } = new();

    public IConnectionMultiplexer Connection { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Server.StartAsync();
        Connection = await ConnectionMultiplexer.ConnectAsync(Server.ConnectionString).WaitAsync(TimeSpan.FromSeconds(10));
        Connection.ConnectionFailed += (_, e) => Console.Error.WriteLine($"Redis connection failed: {e.FailureType} {e.Exception?.Message}");
    }

    public async Task DisposeAsync()
    {
        if (Connection is not null) await Connection.DisposeAsync();
        await Server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class RedisTestGroup : ICollectionFixture<RedisFixture>
{
    public const string Name = "redis";
}
