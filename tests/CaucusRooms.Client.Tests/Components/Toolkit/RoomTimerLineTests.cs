using CaucusRooms.Client.Components.Toolkit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CaucusRooms.Client.Tests.Components.Toolkit;

public sealed class RoomTimerLineTests : BunitContext
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Noon);

    public RoomTimerLineTests() => Services.AddSingleton<TimeProvider>(_clock);

    [Fact]
    public void ARunningTimerCountsDownFromItsDeadline()
    {
        var cut = Render<RoomTimerLine>(p => p
            .Add(x => x.Timer, new RoomTimerDto("t1", Sample.JointId, TimerStates.Running, Noon.AddMinutes(10)))
            .Add(x => x.RoomLabel, "this room"));

        Assert.Equal("10:00", cut.Find("[role=timer]").TextContent);
        _clock.SetUtcNow(Noon.AddSeconds(62.5));
        cut.Render();
        Assert.Equal("8:58", cut.Find("[role=timer]").TextContent);
        _clock.SetUtcNow(Noon.AddMinutes(11));
        cut.Render();
        Assert.Equal("0:00", cut.Find("[role=timer]").TextContent);
        Assert.Empty(cut.FindAll("[role=alert]"));
    }

    [Fact]
    public void AtZeroTheServicesNoticeSaysTimeIsUpAndCanBeDismissed()
    {
        var dismissed = 0;
        var cut = Render<RoomTimerLine>(p => p
            .Add(x => x.Timer, new RoomTimerDto("t1", Sample.JointId, TimerStates.Ended, Noon))
            .Add(x => x.RoomLabel, "Joint room")
            .Add(x => x.Dismiss, () => dismissed++));

        Assert.Contains("Time is up in Joint room.", cut.Find("[role=alert]").TextContent, StringComparison.Ordinal);
        cut.Find("button").Click();
        Assert.Equal(1, dismissed);
    }

    [Theory]
    [InlineData(0, "0:00")]
    [InlineData(0.2, "0:01")]
    [InlineData(59, "0:59")]
    [InlineData(3600, "1:00:00")]
    [InlineData(3723, "1:02:03")]
    public void TheTimeLeftIsRoundedUpToWholeSeconds(double seconds, string shown) =>
        Assert.Equal(shown, Countdown.Left(Noon.AddSeconds(seconds), Noon));
}
