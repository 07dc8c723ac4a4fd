using System.Diagnostics;
using System.Globalization;
using CaucusRooms.Bench.Hosting;
using CaucusRooms.Testing;

namespace CaucusRooms.Bench.Chaos;

/// <summary>
/// Two CaucusRooms nodes (child processes) on one real redis-server configured as deploy/redis.conf
/// (append-only file fsynced on every write, noeviction), and the faults the chaos mode injects:
/// node 2 killed and restarted on its port, redis-server paused, redis-server restarted.
/// The nodes share the run's <see cref="KeyRingCertificate"/>.
/// </summary>
internal sealed class ChaosCluster : IAsyncDisposable
{
    private readonly string _password;
    private readonly string _directory;
    private readonly int _redisPort;
    private readonly int _node2Port;
    private Process _redis;
    private readonly Process _node1;
    private Process _node2;

    private ChaosCluster(string password, string directory, int redisPort, int node2Port, Process redis, Uri node1, Process node1Process, Uri node2, Process node2Process)
    {
        _password = password;
        _directory = directory;
        _redisPort = redisPort;
        _node2Port = node2Port;
        _redis = redis;
        _node1 = node1Process;
        _node2 = node2Process;
        Nodes = [node1, node2];
    }

    public IReadOnlyList<Uri> Nodes { get; }

    public static async Task<ChaosCluster> StartAsync(string password, CancellationToken ct)
    {
        var directory = Directory.CreateTempSubdirectory("caucus-chaos-redis-").FullName;
        var redisPort = ServerHandle.FreePort();
        var redis = StartRedis(directory, redisPort);
        await ServerHandle.WaitForPortAsync(redisPort, ct);
        // Both nodes start at once (a node's start is seconds of JIT on a loaded machine).
        var node2Port = ServerHandle.FreePort();
        var first = StartNodeAsync(password, redisPort, null, ct);
        var second = StartNodeAsync(password, redisPort, node2Port, ct);
        try
        {
            await Task.WhenAll(first, second);
        }
        catch
        {
            // Neither the redis-server nor a node that did start may outlive a failed start.
            foreach (var started in new[] { first, second }.Where(t => t.IsCompletedSuccessfully)) started.Result.Child.Kill(entireProcessTree: true);
            redis.Kill();
            redis.Dispose();
            throw;
        }
        var ((node1, p1), (node2, p2)) = (await first, await second);
        return new ChaosCluster(password, directory, redisPort, node2Port, redis, node1, p1, node2, p2);
    }

    /// <summary>SIGKILL: no shutdown, no goodbye to Redis or to its clients.</summary>
    public void KillNode2() => _node2.Kill(entireProcessTree: true);

    public async Task RestartNode2Async(CancellationToken ct)
    {
        await _node2.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(10), ct);
        _node2.Dispose();
        (_, _node2) = await StartNodeAsync(_password, _redisPort, _node2Port, ct);
    }

    public Task PauseRedisAsync() => SignalAsync("STOP", _redis.Id);

    public Task ResumeRedisAsync() => SignalAsync("CONT", _redis.Id);

    /// <summary>A clean stop (SIGTERM: the append-only file is complete) and a start on the same port and directory.</summary>
    public async Task RestartRedisAsync(CancellationToken ct)
    {
        await SignalAsync("TERM", _redis.Id);
        await _redis.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(20), ct);
        _redis.Dispose();
        _redis = StartRedis(_directory, _redisPort);
        await ServerHandle.WaitForPortAsync(_redisPort, ct);
    }

    private static Process StartRedis(string directory, int port) =>
        ServerHandle.StartRedis(directory, port, "--appendonly", "yes", "--appendfsync", "always", "--maxmemory-policy", "noeviction");

    private static Task<(Uri Url, Process Child)> StartNodeAsync(string password, int redisPort, int? port, CancellationToken ct)
    {
        var settings = new TestSettings().Redis($"127.0.0.1:{redisPort},abortConnect=false").KeyRing();
        if (port is { } p) settings.Set(BenchHosts.UrlsVariable, $"http://127.0.0.1:{p}");
        return ServerHandle.StartChildAsync(TargetKind.CaucusRooms, password, settings.ToEnvironment(), ct);
    }

    private static async Task SignalAsync(string signal, int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + signal, pid.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false })
            ?? throw new InvalidOperationException("kill did not start.");
        await kill.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in new[] { _node1, _node2 })
        {
            try
            {
                if (!node.HasExited) node.Kill(entireProcessTree: true);
                await node.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException)
            {
                // Already gone.
            }
            node.Dispose();
        }
        try
        {
            await SignalAsync("CONT", _redis.Id);
            _redis.Kill();
            await _redis.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            // Already gone.
        }
        _redis.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
