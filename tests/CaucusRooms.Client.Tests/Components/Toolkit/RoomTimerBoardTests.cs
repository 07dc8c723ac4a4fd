using CaucusRooms.Client.Components.Toolkit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static CaucusRooms.Client.Components.Toolkit.RoomTimerBoard;

namespace CaucusRooms.Client.Tests.Components.Toolkit;

public sealed class RoomTimerBoardTests : BunitContext
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly RoomDto[] Rooms = [new(Sample.JointId, "Joint", null), new(Sample.CaucusAId, "Caucus", "Claimant")];
    private readonly List<(TimerAction, string, int)> _asked = [];

    public RoomTimerBoardTests() => Services.AddSingleton<TimeProvider>(new FakeTimeProvider(Noon));

    [Fact]
    public void TheMediatorStartsTenMinutesOnARoomByDefaultOrTheMinutesTheyWrite()
    {
        var cut = Render(Board([]));

        var start = () => cut.FindAll("button").Single(b => b.TextContent == "Start the timer in Joint room");
        start().Click();
        cut.Find($"li[data-room-id={Sample.JointId}] input[type=number]").Change("25");
        start().Click();

        Assert.Equal([(TimerAction.Start, Sample.JointId, 600), (TimerAction.Start, Sample.JointId, 1500)], _asked);
    }

    [Fact]
    public void ARunningTimerShowsItsCountdownWithExtendAndCancelOnlyForItsRoom()
    {
        var cut = Render(Board([new RoomTimerDto("t1", Sample.CaucusAId, TimerStates.Running, Noon.AddMinutes(3))]));

        var caucus = cut.Find($"li[data-room-id={Sample.CaucusAId}]");
        Assert.Equal("3:00", caucus.QuerySelector("[role=timer]")!.TextContent);
        cut.FindAll("button").Single(b => b.TextContent == "Add 5 minutes in Private — Claimant").Click();
        cut.FindAll("button").Single(b => b.TextContent == "Cancel the timer in Private — Claimant").Click();

        Assert.Equal([(TimerAction.Extend, Sample.CaucusAId, 300), (TimerAction.Cancel, Sample.CaucusAId, 0)], _asked);
        Assert.Empty(cut.Find($"li[data-room-id={Sample.JointId}]").QuerySelectorAll("[role=timer]"));
    }

    [Fact]
    public void ARefusalIsShownAsTheServiceSaidIt()
    {
        var cut = Render(Board([], "Only a mediator can do that."));

        cut.FindAll("button").First(b => b.TextContent.StartsWith("Start the timer", StringComparison.Ordinal)).Click();

        Assert.Equal("Only a mediator can do that.", cut.Find("[role=alert]").TextContent);
    }

    [Fact]
    public void DismissingTheNoticeAtZeroTakesItOffTheBoard()
    {
        var timers = new List<RoomTimerDto> { new("t1", Sample.CaucusAId, TimerStates.Ended, Noon) };
        var cut = Render(Board(timers, dismiss: room => timers.RemoveAll(t => t.RoomId == room)));
        Assert.Contains("Time is up in Private — Claimant.", cut.Find("[role=alert]").TextContent, StringComparison.Ordinal);

        cut.FindAll("button").Single(b => b.TextContent == "Dismiss the notice for Private — Claimant").Click();

        Assert.Empty(timers);
        Assert.Empty(cut.FindAll("[role=alert]"));
    }

    private RenderFragment Board(IReadOnlyCollection<RoomTimerDto> timers, string? refusal = null, Action<string>? dismiss = null) => b =>
    {
        b.OpenComponent<RoomTimerBoard>(0);
        b.AddAttribute(1, nameof(RoomTimerBoard.Rooms), (IReadOnlyList<RoomDto>)Rooms);
        b.AddAttribute(2, nameof(RoomTimerBoard.Timers), timers);
        b.AddAttribute(3, nameof(RoomTimerBoard.Set), (Func<TimerAction, string, int, Task<string?>>)((a, r, s) => { _asked.Add((a, r, s)); return Task.FromResult(refusal); }));
        b.AddAttribute(4, nameof(RoomTimerBoard.Dismiss), dismiss ?? (_ => { }));
        b.CloseComponent();
    };
}
