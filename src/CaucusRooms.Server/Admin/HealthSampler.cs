using System.Diagnostics;
using CaucusRooms.Contracts;
using CaucusRooms.Server.Connections;
using CaucusRooms.Server.Infrastructure;

namespace CaucusRooms.Server.Admin;

/// <summary>Samples CPU and the headline figures every few seconds, keeping the last ten minutes for the sparklines.</summary>
internal sealed class HealthSampler(CaucusMetrics metrics, IConnectionRegistry connections, TimeProvider clock, ILogger<HealthSampler> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private const int Keep = 300;

    private readonly Lock _gate = new();
    private readonly Queue<HealthSampleDto> _samples = new();
    private TimeSpan _lastCpu = Process.GetCurrentProcess().TotalProcessorTime;
    private long _lastWall = Stopwatch.GetTimestamp();

    public DateTimeOffset StartedAt { get; } = clock.GetUtcNow();

    public double CpuPercent { get; private set; }

    public IReadOnlyList<HealthSampleDto> History
    {
        get { lock (_gate) return [.. _samples]; }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        BackgroundLoop.RunAsync("health sampler", _ => { Sample(); return Task.CompletedTask; }, new LoopTiming(Interval, Interval, Interval), clock, logger, stoppingToken);

    internal void Sample()
    {
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var wall = Stopwatch.GetElapsedTime(_lastWall);
        CpuPercent = wall > TimeSpan.Zero ? Math.Round(100 * (cpu - _lastCpu).TotalMilliseconds / wall.TotalMilliseconds / Environment.ProcessorCount, 1) : 0;
        (_lastCpu, _lastWall) = (cpu, Stopwatch.GetTimestamp());
        var sample = new HealthSampleDto(clock.GetUtcNow(), metrics.MessagesPerMinute, metrics.Latency().P95, connections.Count, CpuPercent);
        lock (_gate)
        {
            _samples.Enqueue(sample);
            while (_samples.Count > Keep) _samples.Dequeue();
        }
    }
}
