namespace CaucusRooms.Client.Tests.Live;

public sealed class HubRefusalsTests
{
    [Fact]
    public void AHubRefusalReadsAsItsSentence()
    {
        var error = new InvalidOperationException("An unexpected error occurred invoking 'SendMessage' on the server. HubException: NotEntitled: You may not write in that room now.");

        Assert.Equal("You may not write in that room now.", HubRefusals.Sentence(error));
    }
}
