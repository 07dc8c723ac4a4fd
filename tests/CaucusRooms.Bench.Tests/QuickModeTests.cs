using CaucusRooms.Bench.Hosting;
using Xunit.Abstractions;

namespace CaucusRooms.Bench.Tests;

/// <summary>The bench's quick mode, as the test suite runs it: it must complete and find no leak. Speed is never asserted.</summary>
public sealed class QuickModeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task QuickModeCompletesWithoutASingleLeak()
    {
        var options = BenchOptions.Parse(["--quick", "--host", "inprocess"]);
        using var writer = new StringWriter();

        var report = await BenchRunner.RunAsync(options, writer).WaitAsync(TimeSpan.FromMinutes(4));

        output.WriteLine(writer.ToString());
        output.WriteLine(Reporting.Report.Table(report));
        var caucus = Assert.Single(report.Targets, t => t.Target == BenchRunner.Name(TargetKind.CaucusRooms));
        Assert.Null(caucus.Error);
        Assert.True(report.Completed, "the run did not complete");
        Assert.Equal(0, caucus.Leaks);
        Assert.Empty(caucus.LeakCases);
        Assert.True(caucus.DeliveriesChecked > 0, "no delivery was checked");
        // Every move makes the moved person resume history; answers are mostly short (what they missed as a reader).
        Assert.True(caucus.History is { Answers: > 0, Failed: 0 }, $"no history answer was checked, or a resume failed: {caucus.History}");
        Assert.All(caucus.Sweep.Prepend(caucus.Steady!), p => Assert.True(p.Delivered > 0 && p.MovesAccepted > 0, $"{p.Name}: nothing delivered or moved"));
    }
}
