namespace CaucusRooms.Server.Infrastructure;

/// <summary>
/// The loop of every background service: wait, do the work, and again. A failed round is
/// logged and the next one comes sooner but backs off (doubling from the first retry up to the
/// normal interval); only the host's stop ends the loop. An exception let out of a background
/// service stops the whole host (.NET's default), so a Redis stall of a few seconds
/// (<c>RedisTimeoutException</c> is a <see cref="TimeoutException"/>) would take every node down.
/// </summary>
internal static class BackgroundLoop
{
    public static async Task RunAsync(
        string work, Func<CancellationToken, Task> round, LoopTiming timing, TimeProvider clock, ILogger logger, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(round);
        var wait = timing.FirstRound;
        var failures = 0;
        while (true)
        {
            try
            {
                await Task.Delay(wait, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            try
            {
                await round(stoppingToken);
                if (failures > 0) Log.BackgroundWorkRecovered(logger, work, failures);
                failures = 0;
                wait = timing.Interval;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Whatever went wrong, this round is over and the next one will try again; the host must not stop.
            catch (Exception e)
#pragma warning restore CA1031
            {
                failures++;
                wait = timing.RetryAfter(failures);
                Log.BackgroundWorkFailed(logger, work, failures, wait, e);
            }
        }
    }
}

/// <summary>When a background loop runs: its first round, its interval, and how soon it retries after a failure.</summary>
internal readonly record struct LoopTiming(TimeSpan FirstRound, TimeSpan Interval, TimeSpan FirstRetry)
{
    /// <summary>The first retry, doubled for each further failure in a row, never beyond the interval.</summary>
    public TimeSpan RetryAfter(int failures)
    {
        var delay = FirstRetry;
        for (var i = 1; i < failures && delay < Interval; i++) delay *= 2;
        return delay < Interval ? delay : Interval;
    }
}
