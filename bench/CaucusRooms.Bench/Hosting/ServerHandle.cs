using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using CaucusRooms.Testing;
using Microsoft.AspNetCore.Builder;

namespace CaucusRooms.Bench.Hosting;

internal enum TargetKind
{
    CaucusRooms,
    Baseline,
    /// <summary>Two CaucusRooms nodes (child processes) on one real redis-server: stores and SignalR backplane.</summary>
    CaucusRoomsRedis,
    /// <summary>Two raw baseline nodes (child processes) on one real redis-server as their SignalR backplane (<c>AddStackExchangeRedis</c>).</summary>
    BaselineRedis,
}

internal enum HostMode
{
    /// <summary>Each server in a child process of this program: its CPU and memory are its own.</summary>
    Child,
    /// <summary>Each server in this process (figures include the load generator).</summary>
    InProcess,
}

/// <summary>A running server under test (one node or several), wherever it runs, and how to read its figures.</summary>
internal sealed class ServerHandle : IAsyncDisposable
{
    public const string RedisExecutable = "/usr/bin/redis-server";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly List<HttpClient> _stats;
    private readonly WebApplication? _app;
    private readonly List<Process> _children;
    private readonly Process? _redis;
    private readonly string? _redisDirectory;

    private ServerHandle(IReadOnlyList<Uri> nodes, string where, bool hasStats, WebApplication? app, List<Process> children, Process? redis = null, string? redisDirectory = null)
    {
        Nodes = nodes;
        Where = where;
        HasStats = hasStats;
        _app = app;
        _children = children;
        _redis = redis;
        _redisDirectory = redisDirectory;
        _stats = [.. nodes.Select(n => new HttpClient { BaseAddress = n, Timeout = TimeSpan.FromSeconds(60) })];
    }

    /// <summary>The node that serves the HTTP API for setup.</summary>
    public Uri BaseAddress => Nodes[0];

    /// <summary>Every node; hub connections are spread over them.</summary>
    public IReadOnlyList<Uri> Nodes { get; }

    /// <summary>"child process 1234", "in-process", or the URL.</summary>
    public string Where { get; }

    public bool HasStats { get; }

    public static async Task<ServerHandle> StartAsync(TargetKind kind, HostMode mode, string password, CancellationToken ct)
    {
        if (kind is TargetKind.CaucusRoomsRedis or TargetKind.BaselineRedis)
            return await StartRedisPairAsync(kind == TargetKind.BaselineRedis ? TargetKind.Baseline : TargetKind.CaucusRooms, password, ct);
        if (mode == HostMode.InProcess)
        {
            var app = kind == TargetKind.CaucusRooms
                ? await BenchHosts.StartCaucusRoomsAsync(password, inProcess: true, ct)
                : await BenchHosts.StartBaselineAsync(inProcess: true, ct);
            return new ServerHandle([BenchHosts.Address(app)], "in-process", true, app, []);
        }
        var (url, child) = await StartChildAsync(kind, password, null, ct);
        return new ServerHandle([url], $"child process {child.Id}", true, null, [child]);
    }

    /// <summary>A server already running somewhere (CaucusRooms only): no server figures.</summary>
    public static ServerHandle AtUrl(Uri url) => new([url], url.ToString(), false, null, []);

    /// <summary>The figures of every node, added up (GC pause: the mean of the nodes).</summary>
    public async Task<ServerStats?> StatsAsync(bool collect, CancellationToken ct)
    {
        if (!HasStats) return null;
        var all = await Task.WhenAll(_stats.Select(h => h.GetFromJsonAsync<ServerStats>($"{BenchHosts.StatsPath}?gc={(collect ? "true" : "false")}", ct)));
        var nodes = all.OfType<ServerStats>().ToList();
        if (nodes.Count == 1) return nodes[0];
        var methods = nodes.SelectMany(n => n.Methods).GroupBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(
            g => g.Key, g => new MethodTiming(g.Sum(kv => kv.Value.Calls), g.Sum(kv => kv.Value.TotalMs), g.Max(kv => kv.Value.MaxMs),
                g.SelectMany(kv => kv.Value.Buckets ?? new Dictionary<int, long>()).GroupBy(b => b.Key).ToDictionary(b => b.Key, b => b.Sum(x => x.Value))),
            StringComparer.Ordinal);
        return new ServerStats(nodes.Sum(n => n.CpuMs), nodes.Sum(n => n.WorkingSetBytes), nodes.Sum(n => n.ManagedHeapBytes), nodes.Sum(n => n.AllocatedBytes),
            nodes.Average(n => n.GcPauseMs), nodes.Sum(n => n.Gen0), nodes.Sum(n => n.Gen1), nodes.Sum(n => n.Gen2), nodes.Sum(n => n.LockContentions),
            nodes.Sum(n => n.Threads), nodes.Sum(n => n.PendingWorkItems), methods);
    }

    /// <summary>Two nodes of <paramref name="kind"/> on one fresh redis-server, sharing the run's key ring certificate.</summary>
    private static async Task<ServerHandle> StartRedisPairAsync(TargetKind kind, string password, CancellationToken ct)
    {
        if (!File.Exists(RedisExecutable)) throw new InvalidOperationException($"{RedisExecutable} is missing (apt-get install redis-server).");
        var directory = Directory.CreateTempSubdirectory("caucus-bench-redis-").FullName;
        var port = FreePort();
        var redis = StartRedis(directory, port, "--appendonly", "no");
        var children = new List<Process>();
        try
        {
            await WaitForPortAsync(port, ct);
            var env = new TestSettings().Redis($"127.0.0.1:{port}").KeyRing().ToEnvironment();
            var (first, a) = await StartChildAsync(kind, password, env, ct);
            children.Add(a);
            var (second, b) = await StartChildAsync(kind, password, env, ct);
            children.Add(b);
            return new ServerHandle([first, second], $"child processes {a.Id} and {b.Id}, redis-server {redis.Id}", true, null, children, redis, directory);
        }
        catch
        {
            foreach (var c in children) c.Kill(entireProcessTree: true);
            redis.Kill();
            redis.Dispose();
            throw;
        }
    }

    /// <summary>A redis-server on 127.0.0.1:<paramref name="port"/> with its data and log in <paramref name="directory"/>, no snapshots, and <paramref name="persistence"/> as the caller wants it.</summary>
    internal static Process StartRedis(string directory, int port, params string[] persistence)
    {
        var start = new ProcessStartInfo(RedisExecutable)
        {
            ArgumentList = { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", directory,
                "--save", "", "--daemonize", "no", "--logfile", Path.Combine(directory, "redis.log") },
            UseShellExecute = false,
        };
        foreach (var argument in persistence) start.ArgumentList.Add(argument);
        return Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Bounded: 100 tries, 100 ms apart.</summary>
    internal static async Task WaitForPortAsync(int port, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, ct).AsTask().WaitAsync(TimeSpan.FromSeconds(2), ct);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100, ct);
            }
        }
        throw new TimeoutException($"redis-server did not listen on port {port}.");
    }

    internal static async Task<(Uri Url, Process Child)> StartChildAsync(TargetKind kind, string password, IReadOnlyDictionary<string, string>? environment, CancellationToken ct)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot find this program to start a child.");
        var psi = new ProcessStartInfo
        {
            FileName = self,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            psi.ArgumentList.Add(typeof(ServerHandle).Assembly.Location);
        psi.ArgumentList.Add("serve");
        psi.ArgumentList.Add(kind == TargetKind.Baseline ? "baseline" : "caucusrooms");
        psi.Environment[BenchHosts.PasswordVariable] = password;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) psi.Environment[key] = value;

        var child = Process.Start(psi) ?? throw new InvalidOperationException("Could not start the child server.");
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        _ = Task.Run(async () =>
        {
            while (await child.StandardOutput.ReadLineAsync() is { } line)
            {
                if (line.StartsWith(Serve.ListeningPrefix, StringComparison.Ordinal)) listening.TrySetResult(new Uri(line[Serve.ListeningPrefix.Length..]));
            }
            listening.TrySetException(new InvalidOperationException($"The child server exited before listening: {string.Join(" | ", errors)}"));
        }, CancellationToken.None);
        _ = Task.Run(async () =>
        {
            while (await child.StandardError.ReadLineAsync() is { } line)
            {
                errors.Enqueue(line);
                while (errors.Count > 40) errors.TryDequeue(out _);
            }
        }, CancellationToken.None);
        try
        {
            return (await listening.Task.WaitAsync(StartTimeout, ct), child);
        }
        catch
        {
            child.Kill(entireProcessTree: true);
            child.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var h in _stats) h.Dispose();
        if (_app is not null)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _app.StopAsync(stop.Token);
            await _app.DisposeAsync();
        }
        foreach (var child in _children)
        {
            // Closing its stdin asks the child to stop; it is killed if it does not within a few seconds.
            child.StandardInput.Close();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await child.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                child.Kill(entireProcessTree: true);
            }
            child.Dispose();
        }
        if (_redis is not null)
        {
            _redis.Kill();
            await _redis.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
            _redis.Dispose();
        }
        if (_redisDirectory is not null) Directory.Delete(_redisDirectory, recursive: true);
    }
}
