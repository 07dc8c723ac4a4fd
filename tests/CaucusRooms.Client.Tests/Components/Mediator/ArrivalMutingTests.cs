using CaucusRooms.Client.Components.Mediator;

namespace CaucusRooms.Client.Tests.Components.Mediator;

public sealed class ArrivalMutingTests : BunitContext
{
    [Fact]
    public void TheMediatorTurnsMutingOnArrivalOffAndARefusalIsShown()
    {
        var asked = new List<bool>();
        var cut = Render<ArrivalMuting>(p => p
            .Add(x => x.Muted, true)
            .Add(x => x.Set, mute => { asked.Add(mute); return Task.FromResult<string?>("Only a mediator can do that."); }));

        Assert.True(cut.Find("input[type=checkbox]").HasAttribute("checked"));
        cut.Find("input[type=checkbox]").Change(false);

        Assert.Equal([false], asked);
        Assert.Equal("Only a mediator can do that.", cut.Find("[role=alert]").TextContent);
    }
}
