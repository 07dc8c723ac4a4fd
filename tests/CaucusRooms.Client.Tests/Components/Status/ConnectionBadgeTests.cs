using CaucusRooms.Client.Components.Status;

namespace CaucusRooms.Client.Tests.Components.Status;

public sealed class ConnectionBadgeTests : BunitContext
{
    [Theory]
    [InlineData(LinkState.Connected, false, "Connected")]
    [InlineData(LinkState.Reconnecting, false, "Connection lost — reconnecting…")]
    [InlineData(LinkState.Disconnected, false, "Disconnected — trying again…")]
    [InlineData(LinkState.Disconnected, true, "Disconnected — turned away")]
    public void TheConnectionStateIsVisibleAndAnnounced(LinkState state, bool gaveUp, string expected)
    {
        var cut = Render<ConnectionBadge>(p => p.Add(x => x.State, state).Add(x => x.GaveUp, gaveUp).Add(x => x.Problem, gaveUp ? "turned away" : null));

        var status = cut.Find("[role=status]");
        // The dot is decoration, hidden from screen readers; the words carry the state.
        var dot = status.QuerySelector("[aria-hidden=true]")!.TextContent;
        Assert.Equal(expected, status.TextContent.Replace(dot, "", StringComparison.Ordinal).Trim());
    }
}
