namespace CaucusRooms.Client.Tests.Components.Toolkit;

/// <summary>A clock that shows the time a test sets; its timers are real (they only re-render).</summary>
internal sealed class StoppedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
