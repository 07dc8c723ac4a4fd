using CaucusRooms.Server.Hubs;
using Microsoft.Extensions.Time.Testing;

namespace CaucusRooms.Server.Tests.Limits;

/// <summary>
/// The bucket every hub call passes (per connection, per person): a burst at once, then the refill rate; keys never share a
/// bucket; and dropping the buckets left unused gives nobody more than a full bucket.
/// </summary>
public sealed class TokenBucketsTests
{
    private sealed record Rate(int PermitsPerSecond, int Burst) : ICallRate;

    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void AKeyGetsItsBurstAtOnceThenOneCallPerRefillAndOtherKeysAreNotTouched()
    {
        using var buckets = new TokenBuckets<string>(new Rate(PermitsPerSecond: 4, Burst: 3), _clock);

        Assert.Equal([true, true, true, false], Take(buckets, "alice", 4));
        _clock.Advance(TimeSpan.FromMilliseconds(240));
        Assert.False(buckets.TryTake("alice"));
        _clock.Advance(TimeSpan.FromMilliseconds(20));
        Assert.Equal([true, false], Take(buckets, "alice", 2));
        Assert.Equal([true, true, true, false], Take(buckets, "bob", 4));
    }

    [Fact]
    public void ALongPauseRefillsTheBucketToItsBurstAndNoFurther()
    {
        using var buckets = new TokenBuckets<string>(new Rate(PermitsPerSecond: 4, Burst: 3), _clock);
        Take(buckets, "alice", 3);

        _clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal([true, true, true, false], Take(buckets, "alice", 4));
    }

    [Fact]
    public void TheSweepDropsOnlyBucketsLeftUnusedAndAKeyCallingAgainGetsNoMoreThanAFullBucket()
    {
        using var buckets = new TokenBuckets<string>(new Rate(PermitsPerSecond: 1, Burst: 2), _clock);
        Take(buckets, "gone", 2);
        for (var second = 0; second < 10; second++)
        {
            Take(buckets, "flooding", 3);
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(1, buckets.Count);
        // Still calling through the sweep: the bucket was kept and holds what the last second refilled, not a fresh burst.
        Assert.Equal([true, false], Take(buckets, "flooding", 2));
        Assert.Equal([true, true, false], Take(buckets, "gone", 3));
    }

    [Fact]
    public async Task TwoCallsOfOneKeyThatRaceEachGetATokenTheBucketHolds()
    {
        // Alice's two windows call at once: one reads the clock, then the other reads a moment later and takes its token
        // first. The bucket held two tokens, so both calls are let through: the first is never charged for a negative
        // time since the second's call.
        var clock = new RacingClock();
        using var buckets = new TokenBuckets<string>(new Rate(PermitsPerSecond: 1, Burst: 2), clock);
        buckets.TryTake("alice");
        clock.Advance(TimeSpan.FromSeconds(5));
        using var secondDone = new ManualResetEventSlim();
        Task<bool>? secondWindow = null;
        clock.RunInsideNextRead(() =>
        {
            clock.Advance(TimeSpan.FromMilliseconds(1));
            secondWindow = Task.Run(() =>
            {
                var taken = buckets.TryTake("alice");
                secondDone.Set();
                return taken;
            });
            // Only a bucket whose lock the first call holds keeps the second waiting (then up to this long).
            secondDone.Wait(TimeSpan.FromSeconds(1));
        });

        var first = buckets.TryTake("alice");

        Assert.True(first);
        Assert.NotNull(secondWindow);
        Assert.True(await secondWindow);
    }

    private static bool[] Take(TokenBuckets<string> buckets, string key, int calls) =>
        [.. Enumerable.Range(0, calls).Select(_ => buckets.TryTake(key))];

    /// <summary>A fake clock that runs an action once, inside the next read, and returns the time read before it.</summary>
    private sealed class RacingClock : FakeTimeProvider
    {
        private Action? _insideNextRead;

        public void RunInsideNextRead(Action action) => _insideNextRead = action;

        public override long GetTimestamp()
        {
            var now = base.GetTimestamp();
            Interlocked.Exchange(ref _insideNextRead, null)?.Invoke();
            return now;
        }
    }
}
