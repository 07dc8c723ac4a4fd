using System.Globalization;
using System.Text;

namespace CaucusRooms.Redis.Tests.Nodes;

/// <summary>
/// One server node: the real CaucusRooms.Server as its own process (real Kestrel on a free
/// 127.0.0.1 port), configured for Redis. Its output is kept for failure messages.
/// </summary>
public sealed class ServerNode : ITestServer, IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private readonly Process _process;

    private ServerNode(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The node's process id: with the host name, its name in the admin view.</summary>
    public int ProcessId => _process.Id;

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    /// <summary>Freezes the node's process (SIGSTOP) until the returned handle is disposed (SIGCONT): a node that answers nobody.</summary>
    public IDisposable Freeze()
    {
        Signal("STOP");
        return new Thaw(() => Signal("CONT"));
    }

    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", $"-{signal} {_process.Id}");
        kill.WaitForExit(5_000);
    }

    private sealed class Thaw(Action thaw) : IDisposable
    {
        public void Dispose() => thaw();
    }

    /// <summary>The process ended (crashed, or its host stopped).</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>One <c>/readyz</c> probe: 200 means ready; an error or no answer means not.</summary>
    public Task<bool> IsReadyAsync() => AnswersOkAsync("readyz");

    /// <summary>One GET of <paramref name="path"/> (5 s at most): true for a 2xx, false for any other answer, an error or none.</summary>
    public async Task<bool> AnswersOkAsync(string path)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>Probes <c>/readyz</c> every 200 ms until it answers 200; at most 30 s, and not past the process's end.</summary>
    public async Task WaitUntilReadyAsync()
    {
        if (!await Eventually.ValueAsync(IsReadyAsync, ready => ready || HasExited, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200)))
            throw new TimeoutException($"Node on port {Port.ToString(CultureInfo.InvariantCulture)} never became ready again (exited: {HasExited}):\n{Output}");
    }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>The server's own build output, beside this test project's (same configuration).</summary>
    public static string ServerDll
    {
        get
        {
            var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = bin.Parent!.Name; // …/bin/<Configuration>/net10.0
            var root = bin;
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "CaucusRooms.sln"))) root = root.Parent;
            if (root is null) throw new InvalidOperationException("Cannot find CaucusRooms.sln above " + AppContext.BaseDirectory);
            var dll = Path.Combine(root.FullName, "src", "CaucusRooms.Server", "bin", configuration, bin.Name, "CaucusRooms.Server.dll");
            return File.Exists(dll) ? dll : throw new InvalidOperationException($"{dll} is missing: build the solution first.");
        }
    }

    /// <summary>Starts a node and waits until <paramref name="upPath"/> answers 200: <c>readyz</c>, or <c>healthz</c> for a node that cannot be ready yet.</summary>
    public static async Task<ServerNode> StartAsync(string redisConnectionString, IReadOnlyDictionary<string, string>? settings = null, string upPath = "readyz")
    {
        var node = Launch(redisConnectionString, settings);
        if (await Eventually.ValueAsync(() => node.AnswersOkAsync(upPath), up => up || node.HasExited, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(100)))
            return node;
        var output = node.Output;
        await node.DisposeAsync();
        throw new InvalidOperationException($"Node on port {node.Port.ToString(CultureInfo.InvariantCulture)} did not become ready:\n{output}");
    }

    /// <summary>Starts a node that should refuse to start; returns its exit code and output once it has exited (at most 60 s).</summary>
    public static async Task<(int ExitCode, string Output)> StartRefusedAsync(string redisConnectionString, IReadOnlyDictionary<string, string> settings)
    {
        await using var node = Launch(redisConnectionString, settings);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await node._process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new InvalidOperationException($"The node did not stop within 60 s:\n{node.Output}");
        }
        // The exit is seen before the last lines of output may be; WaitForExit() without a timeout drains them.
        node._process.WaitForExit();
        return (node._process.ExitCode, node.Output);
    }

    private static ServerNode Launch(string redisConnectionString, IReadOnlyDictionary<string, string>? settings)
    {
        var port = RedisServer.FreePort();
        var dll = ServerDll;
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll },
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var level = Environment.GetEnvironmentVariable("CAUCUS_NODE_LOG_LEVEL") ?? "Warning";
        var environment = TestSettings.Accounts()
            .Redis(redisConnectionString)
            .KeyRing()
            .Set("Logging:LogLevel:Default", level)
            .Set("Logging:LogLevel:Microsoft.AspNetCore", level)
            .Set("Logging:LogLevel:Microsoft.AspNetCore.Routing", "Warning")
            .Set("Logging:LogLevel:Microsoft.AspNetCore.Hosting", "Warning")
            .Set("Logging:LogLevel:Microsoft.AspNetCore.StaticFiles", "Warning")
            .Set((settings ?? new Dictionary<string, string>()).Select(kv => KeyValuePair.Create(kv.Key, (string?)kv.Value)))
            .ToEnvironment();
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        // Development: cookies over plain HTTP on loopback (production requires HTTPS).
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["DOTNET_gcServer"] = "0";
        foreach (var (key, value) in environment) start.Environment[key] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException("The server did not start.");
        var node = new ServerNode(process, port);
        process.OutputDataReceived += (_, e) => node.Append(e.Data);
        process.ErrorDataReceived += (_, e) => node.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private int _disposed;

    /// <summary>Kills the process at once (a crash, as far as the other nodes can tell). Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        _process.Dispose();
    }
}
