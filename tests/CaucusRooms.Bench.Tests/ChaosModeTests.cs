using CaucusRooms.Bench.Chaos;
using Xunit.Abstractions;

namespace CaucusRooms.Bench.Tests;

/// <summary>
/// The bench's chaos mode, bounded: a few sessions and a few thousand operations on two nodes and a real
/// redis-server, through the same three faults as the full run. Nothing acknowledged is lost, nothing is
/// duplicated, nothing leaks by the readers rule judged on what the server committed, and it checked enough
/// to mean it. Speed is never asserted; the bound only stops a run that hangs.
/// </summary>
public sealed class ChaosModeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task AQuickChaosRunThroughANodeKillARedisStallAndARedisRestartLosesDuplicatesAndLeaksNothing()
    {
        var options = ChaosOptions.Parse(["--quick"]);
        using var writer = new StringWriter();

        var result = await ChaosRun.RunAsync(options, TextWriter.Synchronized(writer)).WaitAsync(ChaosOptions.QuickBound);

        output.WriteLine(writer.ToString());
        output.WriteLine(result.Text);
        Assert.Equal(0, result.Lost);
        Assert.Equal(0, result.Duplicates);
        Assert.Equal(0, result.Leaks);
        Assert.DoesNotContain(result.Cases, c => c.StartsWith("LEAK", StringComparison.Ordinal) || c.StartsWith("LOST", StringComparison.Ordinal) || c.StartsWith("DUPLICATE", StringComparison.Ordinal));
        Assert.Equal(0, result.UnjudgedSessions);
        Assert.True(result.CommittedChecked > 0, "no delivery was judged by the committed record");
        Assert.False(result.CheckedTooLittle, "the run checked too little (see the figures above)");
        Assert.All(result.Faults, f => Assert.NotNull(f.FirstSuccessSeconds));
        Assert.Equal(0, result.ExitCode);
    }
}
