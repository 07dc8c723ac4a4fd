using CaucusRooms.Client.Components.Toolkit;

namespace CaucusRooms.Client.Tests.Components.Toolkit;

public sealed class AskQueueTests : BunitContext
{
    private static readonly RoomDto[] Rooms = [new(Sample.JointId, "Joint", null), new(Sample.CaucusAId, "Caucus", "Claimant")];
    private readonly List<(string Asker, string Text)> _answers = [];

    [Fact]
    public void EachPendingAskIsListedWithItsRoomAndTheMediatorAnswersInOneClick()
    {
        var cut = Render<AskQueue>(p => p
            .Add(x => x.Asks, [new AskDto("id-Alice", "Alice", "Claimant", Sample.CaucusAId, DateTimeOffset.UnixEpoch)])
            .Add(x => x.Rooms, Rooms)
            .Add(x => x.Answer, Record));

        Assert.Contains("Alice (Claimant) in Private — Claimant", cut.Find("li[data-asker=Alice]").TextContent, StringComparison.Ordinal);
        cut.FindAll("button").Single(b => b.TextContent == "Answer Alice: Coming in 2 minutes").Click();

        Assert.Equal([("id-Alice", "Coming in 2 minutes")], _answers);
    }

    [Fact]
    public void AShortTextAnswerGoesToThatAsker()
    {
        var cut = Render<AskQueue>(p => p
            .Add(x => x.Asks, [new AskDto("id-Alice", "Alice", "Claimant", Sample.JointId, DateTimeOffset.UnixEpoch), new AskDto("id-Bob", "Bob", "Respondent", Sample.JointId, DateTimeOffset.UnixEpoch)])
            .Add(x => x.Rooms, Rooms)
            .Add(x => x.Answer, Record));

        cut.Find("li[data-asker=Bob] input[type=text]").Input("After this caucus, about 10 minutes.");
        cut.FindAll("button").Single(b => b.TextContent == "Send the answer to Bob").Click();

        Assert.Equal([("id-Bob", "After this caucus, about 10 minutes.")], _answers);
        Assert.Contains("Asks for the mediator (2)", cut.Find("h2").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmptyQueueSaysNobodyIsWaiting()
    {
        var cut = Render<AskQueue>(p => p.Add(x => x.Asks, []).Add(x => x.Rooms, Rooms).Add(x => x.Answer, Record));

        Assert.Contains("Nobody is waiting for an answer.", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("li"));
    }

    private Task<string?> Record(string asker, string text)
    {
        _answers.Add((asker, text));
        return Task.FromResult<string?>(null);
    }
}
