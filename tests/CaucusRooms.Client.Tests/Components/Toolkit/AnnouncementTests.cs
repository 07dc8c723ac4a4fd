using CaucusRooms.Client.Components.Chat;
using CaucusRooms.Client.Components.Toolkit;
using Microsoft.Extensions.DependencyInjection;

namespace CaucusRooms.Client.Tests.Components.Toolkit;

public sealed class AnnouncementTests : BunitContext
{
    public AnnouncementTests() => Services.AddSingleton(new LeakDiagnostics());

    [Fact]
    public void TheMediatorWritesOnceAndIsToldItWasAnnouncedInEveryRoom()
    {
        var announced = new List<string>();
        var cut = Render<AnnouncementComposer>(p => p.Add(x => x.Announce, text => { announced.Add(text); return Task.FromResult<string?>(null); }));

        cut.Find("textarea").Input("We resume in ten minutes.");
        cut.Find("button").Click();

        Assert.Equal(["We resume in ten minutes."], announced);
        Assert.Equal("Announced in every room.", cut.Find("[role=status]").TextContent);
        Assert.Equal("", cut.Find("textarea").GetAttribute("value") ?? "");
    }

    [Fact]
    public void ARefusedAnnouncementKeepsTheTextAndSaysWhy()
    {
        var cut = Render<AnnouncementComposer>(p => p.Add(x => x.Announce, _ => Task.FromResult<string?>("Only a mediator can do that.")));

        cut.Find("textarea").Input("Hello all");
        cut.Find("button").Click();

        Assert.Equal("Only a mediator can do that.", cut.Find("[role=alert]").TextContent);
        Assert.Equal("Hello all", cut.Find("textarea").GetAttribute("value"));
    }

    [Fact]
    public void APaneMarksAnAnnouncementAndAnAnswerToAnAsk()
    {
        var messages = new[]
        {
            Sample.Message(Sample.CaucusAId, "Lunch at one.", "Maria") with { Kind = MessageKinds.Announcement },
            Sample.Message(Sample.CaucusAId, "Coming in 2 minutes", "Maria") with { Kind = MessageKinds.AskAnswer },
            Sample.Message(Sample.CaucusAId, "Thanks."),
        };

        var cut = Render<RoomPane>(p => p.Add(x => x.Room, Sample.CaucusA).Add(x => x.Messages, messages));

        var items = cut.FindAll(".pane-messages li");
        Assert.Contains("Announcement from the mediator:", items[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("Answer to an ask for the mediator:", items[1].TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Announcement", items[2].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryoneBackShowsWhoMovedAndWhoStayed()
    {
        var cut = Render<EveryoneBackButton>(p => p.Add(x => x.Bring, () => Task.FromResult("Moved Alice to the joint room. Stayed (locked): Bob.")));

        cut.Find("button").Click();

        Assert.Equal("Moved Alice to the joint room. Stayed (locked): Bob.", cut.Find("[role=status]").TextContent);
    }
}
