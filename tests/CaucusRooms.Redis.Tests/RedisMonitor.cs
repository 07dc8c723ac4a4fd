using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CaucusRooms.Redis.Tests;

/// <summary>
/// Every command the redis-server runs, as <c>MONITOR</c> prints it, read on a raw connection of its own. A test
/// marks where its part ends with <see cref="UntilAsync"/>: the commands before the mark are those it caused.
/// </summary>
public sealed class RedisMonitor : IAsyncDisposable
{
    private readonly TcpClient _client = new();
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _reading = Task.CompletedTask;

    public static async Task<RedisMonitor> StartAsync(int port)
    {
        var monitor = new RedisMonitor();
        await monitor._client.ConnectAsync(IPAddress.Loopback, port);
        var stream = monitor._client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("MONITOR\r\n"));
        var reader = new StreamReader(stream, Encoding.Latin1);
        if (await reader.ReadLineAsync() != "+OK") throw new InvalidOperationException("MONITOR was not accepted.");
        monitor._reading = monitor.ReadAsync(reader);
        return monitor;
    }

    private async Task ReadAsync(StreamReader reader)
    {
        try
        {
            while (await reader.ReadLineAsync(_stop.Token) is { } line) _lines.Enqueue(line);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    /// <summary>Every command seen so far.</summary>
    public IReadOnlyList<string> Seen => [.. _lines];

    /// <summary>Runs <c>ECHO mark</c> on <paramref name="redis"/> and answers every command the monitor saw before it.</summary>
    public async Task<IReadOnlyList<string>> UntilAsync(StackExchange.Redis.IDatabase redis)
    {
        ArgumentNullException.ThrowIfNull(redis);
        var mark = "monitor-mark-" + Guid.NewGuid().ToString("N");
        await redis.ExecuteAsync("ECHO", mark);
        await Eventually.TrueAsync(() => _lines.Any(l => l.Contains(mark, StringComparison.Ordinal)), TimeSpan.FromSeconds(10), "the monitor's mark");
        return [.. _lines.TakeWhile(l => !l.Contains(mark, StringComparison.Ordinal))];
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _client.Dispose();
        await _reading;
        _stop.Dispose();
    }
}
