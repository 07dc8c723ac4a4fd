using CaucusRooms.Client.Components.Party;

namespace CaucusRooms.Client.Tests.Components.Party;

public sealed class WaitingLobbyTests : BunitContext
{
    [Fact]
    public void TheLobbyShowsThePersonsOwnNameAndNoOneElse()
    {
        var cut = Render<WaitingLobby>(p => p.Add(x => x.Name, "Alice"));

        Assert.Contains("Thank you, Alice.", cut.Markup, StringComparison.Ordinal);
        // No list of people, no count, no other name: the only parameter is the person's own name.
        Assert.Empty(cut.FindAll("li"));
        Assert.DoesNotMatch(@"\d", cut.Find("section").TextContent);
        Assert.Equal(["Name"], typeof(WaitingLobby).GetProperties().Where(p => p.IsDefined(typeof(ParameterAttribute), false)).Select(p => p.Name));
    }

    [Fact]
    public void TheLobbyAnnouncesItsStatusToScreenReaders()
    {
        var cut = Render<WaitingLobby>(p => p.Add(x => x.Name, "Alice"));

        Assert.Contains("mediator will bring you into the session", cut.Find("[role=status]").TextContent, StringComparison.Ordinal);
        Assert.Equal("Waiting to be admitted", cut.Find("h1").TextContent);
    }
}
