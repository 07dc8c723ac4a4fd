using CaucusRooms.Server.Infrastructure;

namespace CaucusRooms.Server.Tests.Infrastructure;

public sealed class BackgroundLoopTests
{
    private static readonly LoopTiming Fast = new(TimeSpan.Zero, TimeSpan.FromMilliseconds(40), TimeSpan.FromMilliseconds(10));

    [Fact]
    public async Task ALoopWhoseRoundsTimeOutLogsBacksOffAndGoesOnUntilTheHostStops()
    {
        var logs = new CapturedLogs();
        using var stop = new CancellationTokenSource();
        var rounds = 0;
        var recovered = new TaskCompletionSource();
        Task Round(CancellationToken _)
        {
            // The first three rounds fail as a Redis stall does: RedisTimeoutException is a TimeoutException.
            if (++rounds <= 3) throw new TimeoutException("Timeout awaiting response");
            recovered.TrySetResult();
            return Task.CompletedTask;
        }

        var loop = BackgroundLoop.RunAsync("test work", Round, Fast, TimeProvider.System, logs.CreateLogger("test"), stop.Token);
        await recovered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(loop.IsCompleted);
        await stop.CancelAsync();
        await loop.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(3, logs.Lines.Count(l => l.Contains("Background work 'test work' failed", StringComparison.Ordinal)));
        Assert.Contains(logs.Lines, l => l.Contains("works again after 3 failed rounds", StringComparison.Ordinal));
    }

    [Fact]
    public void RetriesBackOffFromTheFirstRetryAndNeverWaitLongerThanTheInterval()
    {
        var timing = new LoopTiming(TimeSpan.Zero, TimeSpan.FromHours(1), TimeSpan.FromSeconds(5));

        Assert.Equal([5.0, 10, 20, 40, 80], Enumerable.Range(1, 5).Select(f => timing.RetryAfter(f).TotalSeconds));
        Assert.Equal(TimeSpan.FromHours(1), timing.RetryAfter(20));
        Assert.Equal(TimeSpan.FromHours(1), timing.RetryAfter(int.MaxValue));
    }
}
