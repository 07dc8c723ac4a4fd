using CaucusRooms.Bench.Load;

namespace CaucusRooms.Bench.Tests.Load;

/// <summary>Hub-method percentiles come from shipped buckets: they must agree with the histogram, and two readings must subtract.</summary>
public sealed class LatencyHistogramTests
{
    [Fact]
    public void ShippedBucketsGiveTheSamePercentilesAsTheHistogram()
    {
        var histogram = new LatencyHistogram();
        for (var i = 1; i <= 1000; i++) histogram.Record(TimeSpan.FromMicroseconds(i * 37));

        var buckets = histogram.Buckets();

        Assert.Equal(histogram.PercentileMs(0.99), LatencyHistogram.PercentileMs(buckets, 0.99), 6);
        Assert.Equal(histogram.PercentileMs(0.50), LatencyHistogram.PercentileMs(buckets, 0.50), 6);
        Assert.InRange(LatencyHistogram.PercentileMs(buckets, 0.99), 0.99 * 36.63, 1.016 * 36.63);
    }

    [Fact]
    public void TheDifferenceOfTwoReadingsIsThePercentileOfTheCallsBetweenThem()
    {
        var histogram = new LatencyHistogram();
        for (var i = 0; i < 500; i++) histogram.Record(TimeSpan.FromMilliseconds(50)); // an earlier, slow phase
        var before = histogram.Buckets();
        for (var i = 0; i < 500; i++) histogram.Record(TimeSpan.FromMilliseconds(1));
        var after = histogram.Buckets();

        var phase = after.ToDictionary(kv => kv.Key, kv => kv.Value - before.GetValueOrDefault(kv.Key));

        Assert.InRange(LatencyHistogram.PercentileMs(phase, 0.99), 1, 1.016);
        Assert.InRange(LatencyHistogram.PercentileMs(after, 0.99), 49, 51);
        Assert.Equal(0, LatencyHistogram.PercentileMs(new Dictionary<int, long>(), 0.99));
    }
}
