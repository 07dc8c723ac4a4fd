using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace CaucusRooms.Testing;

/// <summary>What a test may do with a redis-server it did not start: everything but end it for good.</summary>
public interface IRedisServer
{
    int Port { get; }

    string ConnectionString { get; }

    /// <summary>Starts the server (again, on the same port and data) and waits until it answers.</summary>
    Task StartAsync();

    /// <summary>Kills the server at once (no goodbye), as a crash or a cut cable would.</summary>
    Task StopAsync();

    /// <summary>Freezes the server (SIGSTOP): connections stay open and every command waits, as in a long GC pause or a stalled VM.</summary>
    Task PauseAsync();

    /// <summary>Lets a paused server go on (SIGCONT).</summary>
    Task ResumeAsync();

    /// <summary>The server's log file.</summary>
    string Log();
}

/// <summary>
/// A real redis-server on a free loopback port with its own temporary directory, writing every change to its
/// append-only file before answering (so a stop loses nothing acked). Can be stopped and started again on the same
/// port and data. A start that fails, and a death nobody asked for, are reported with the log's last lines to
/// <paramref name="report"/> (the test output) as well as thrown or logged.
/// </summary>
public sealed class RedisServer(Action<string>? report = null) : IRedisServer, IAsyncDisposable
{
    public const string Executable = "/usr/bin/redis-server";

    private const int LogTailLines = 30;

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
                "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                "--dir", _directory, "--appendonly", "yes", "--appendfsync", "always", "--save", "",
                "--daemonize", "no", "--logfile", Path.Combine(_directory, "redis.log"),
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) =>
        {
            // Stopped on purpose: StopAsync took it away first.
            if (ReferenceEquals(_process, process)) report?.Invoke($"redis-server on port {Port} died (exit code {process.ExitCode}):\n{LogTail()}");
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var answered = await Eventually.ValueAsync(PingAsync, up => up || process.HasExited, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100));
        if (answered) return;
        var failure = $"redis-server on port {Port} did not answer (exited: {process.HasExited}):\n{LogTail()}";
        report?.Invoke(failure);
        throw new InvalidOperationException(failure);
    }

    private async Task<bool> PingAsync()
    {
        try
        {
            var options = new ConfigurationOptions { ConnectTimeout = 1000, AbortOnConnectFail = true };
            options.EndPoints.Add(IPAddress.Loopback, Port);
            using var probe = await ConnectionMultiplexer.ConnectAsync(options).WaitAsync(TimeSpan.FromSeconds(5));
            await probe.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(5));
            return true;
        }
        catch (RedisConnectionException)
        {
            return false;
        }
    }

    public async Task StopAsync()
    {
        var process = Interlocked.Exchange(ref _process, null);
        if (process is null) return;
        process.Kill();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        process.Dispose();
    }

    public Task PauseAsync() => SignalAsync("-STOP");

    public Task ResumeAsync() => SignalAsync("-CONT");

    private async Task SignalAsync(string signal)
    {
        var process = _process ?? throw new InvalidOperationException("redis-server is not running.");
        using var kill = Process.Start(new ProcessStartInfo("/bin/kill") { ArgumentList = { signal, process.Id.ToString(CultureInfo.InvariantCulture) } })
            ?? throw new InvalidOperationException("kill did not start.");
        await kill.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill {signal} {process.Id} failed with {kill.ExitCode}.");
    }

    public string Log()
    {
        var file = Path.Combine(_directory, "redis.log");
        return File.Exists(file) ? File.ReadAllText(file) : "(no log)";
    }

    private string LogTail() => string.Join('\n', Log().Split('\n').TakeLast(LogTailLines));

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { }
    }
}
