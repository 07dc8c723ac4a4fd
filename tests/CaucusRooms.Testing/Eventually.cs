using System.Diagnostics;

namespace CaucusRooms.Testing;

/// <summary>
/// The one bounded wait of the tests: read something again and again until it is what the test waits for,
/// at most for a given time. A test asserts on what comes back, so a wait that runs out fails with the
/// last value seen, never with a silent pass.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Reads until <paramref name="done"/> holds or <paramref name="within"/> has passed; returns the last value
    /// read (which the caller asserts on).
    /// </summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan within, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(done);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value) || clock.Elapsed >= within) return value;
            await Task.Delay(interval ?? DefaultInterval);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds; throws a <see cref="TimeoutException"/> naming <paramref name="waitingFor"/> when it never does.</summary>
    public static async Task TrueAsync(Func<bool> condition, TimeSpan within, string waitingFor, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        if (!await ValueAsync(() => Task.FromResult(condition()), held => held, within, interval))
            throw new TimeoutException(FormattableString.Invariant($"Waited {within.TotalSeconds:0.#} s for {waitingFor}."));
    }

    /// <summary>Waits until <paramref name="condition"/> holds (an asynchronous check); throws naming <paramref name="waitingFor"/> when it never does.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan within, string waitingFor, TimeSpan? interval = null)
    {
        if (!await ValueAsync(condition, held => held, within, interval))
            throw new TimeoutException(FormattableString.Invariant($"Waited {within.TotalSeconds:0.#} s for {waitingFor}."));
    }
}
