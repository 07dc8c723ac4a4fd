using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;

namespace CaucusRooms.Bench.Hosting;

internal enum TargetKind
{
    CaucusRooms,
    Baseline,
}

internal enum HostMode
{
    /// <summary>Each server in a child process of this program: its CPU and memory are its own.</summary>
    Child,
    /// <summary>Each server in this process (figures include the load generator).</summary>
    InProcess,
}

/// <summary>A running server under test, wherever it runs, and how to read its figures.</summary>
internal sealed class ServerHandle : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly HttpClient _http;
    private readonly WebApplication? _app;
    private readonly Process? _child;

    private ServerHandle(Uri baseAddress, string where, bool hasStats, WebApplication? app, Process? child)
    {
        BaseAddress = baseAddress;
        Where = where;
        HasStats = hasStats;
        _app = app;
        _child = child;
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri BaseAddress { get; }

    /// <summary>"child process 1234", "in-process", or the URL.</summary>
    public string Where { get; }

    public bool HasStats { get; }

    public static async Task<ServerHandle> StartAsync(TargetKind kind, HostMode mode, string password, CancellationToken ct)
    {
        if (mode == HostMode.InProcess)
        {
            var app = kind == TargetKind.CaucusRooms
                ? await BenchHosts.StartCaucusRoomsAsync(password, inProcess: true, ct)
                : await BenchHosts.StartBaselineAsync(inProcess: true, ct);
            return new ServerHandle(BenchHosts.Address(app), "in-process", true, app, null);
        }
        return await StartChildAsync(kind, password, ct);
    }

    /// <summary>A server already running somewhere (CaucusRooms only): no server figures.</summary>
    public static ServerHandle AtUrl(Uri url) => new(url, url.ToString(), false, null, null);

    public async Task<ServerStats?> StatsAsync(bool collect, CancellationToken ct)
    {
        if (!HasStats) return null;
        return await _http.GetFromJsonAsync<ServerStats>($"{BenchHosts.StatsPath}?gc={(collect ? "true" : "false")}", ct);
    }

    private static async Task<ServerHandle> StartChildAsync(TargetKind kind, string password, CancellationToken ct)
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
        psi.ArgumentList.Add(kind == TargetKind.CaucusRooms ? "caucusrooms" : "baseline");
        psi.Environment[BenchHosts.PasswordVariable] = password;

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
            var url = await listening.Task.WaitAsync(StartTimeout, ct);
            return new ServerHandle(url, $"child process {child.Id}", true, null, child);
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
        _http.Dispose();
        if (_app is not null)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _app.StopAsync(stop.Token);
            await _app.DisposeAsync();
        }
        if (_child is not null)
        {
            // Closing its stdin asks the child to stop; it is killed if it does not within a few seconds.
            _child.StandardInput.Close();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _child.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _child.Kill(entireProcessTree: true);
            }
            _child.Dispose();
        }
    }
}
