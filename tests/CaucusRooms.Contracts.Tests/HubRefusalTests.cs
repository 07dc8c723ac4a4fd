namespace CaucusRooms.Contracts.Tests;

public sealed class HubRefusalTests
{
    private const string Documented =
        "An unexpected error occurred invoking 'SendMessage' on the server. HubException: NotEntitled: You may not write in that room now (you may have been moved). Your message was not sent.";

    [Fact]
    public void ARefusalIsWrittenAsItsReasonAColonAndASpaceAndItsSentence() =>
        Assert.Equal("RateLimited: Too many requests from this connection; wait a moment and try again.",
            HubRefusal.Format("RateLimited", "Too many requests from this connection; wait a moment and try again."));

    [Fact]
    public void TheErrorAClientCatchesReadsAsTheReasonAndTheSentence()
    {
        Assert.True(HubRefusal.TryParse(Documented, out var refusal));

        Assert.Equal("NotEntitled", refusal.Reason);
        Assert.Equal("You may not write in that room now (you may have been moved). Your message was not sent.", refusal.Sentence);
    }

    [Fact]
    public void TheServersOwnTextReadsTheSameWithoutTheClientsPrefix()
    {
        Assert.True(HubRefusal.TryParse("UnknownSession: No such session.", out var refusal));

        Assert.Equal(new HubRefusal("UnknownSession", "No such session."), refusal);
    }

    [Fact]
    public void ASentenceContainingAColonAndASpaceIsReadWhole()
    {
        var text = HubRefusal.Format("InvalidInput", "A message must be valid Unicode text: character 8 is half of a pair: U+D800.");

        Assert.True(HubRefusal.TryParse("An unexpected error occurred invoking 'SendMessage' on the server. HubException: " + text, out var refusal));

        Assert.Equal("InvalidInput", refusal.Reason);
        Assert.Equal("A message must be valid Unicode text: character 8 is half of a pair: U+D800.", refusal.Sentence);
        Assert.Equal(text, refusal.ToString());
    }

    [Fact]
    public void ASentenceQuotingTheClientsMarkerIsReadWholeWithAndWithoutTheClientsPrefix()
    {
        var text = HubRefusal.Format("NotApproved", "Not these words: \"HubException: x\".");

        Assert.True(HubRefusal.TryParse(text, out var raw));
        Assert.True(HubRefusal.TryParse("An unexpected error occurred invoking 'RelaySharedItem' on the server. HubException: " + text, out var caught));

        Assert.Equal(new HubRefusal("NotApproved", "Not these words: \"HubException: x\"."), raw);
        Assert.Equal(raw, caught);
    }

    [Theory]
    [InlineData("NotEntitled", "You may not read that room now.")]
    [InlineData("Unavailable", "The service cannot reach its shared storage right now, so this was not confirmed.")]
    [InlineData("NoChange", "")]
    [InlineData("NotApproved", "Words: \"HubException: x\": not these.")]
    public void WhatIsWrittenIsReadBackUnchanged(string reason, string sentence)
    {
        Assert.True(HubRefusal.TryParse(HubRefusal.Format(reason, sentence), out var refusal));

        Assert.Equal(new HubRefusal(reason, sentence), refusal);
    }

    [Theory]
    [InlineData("Failed to invoke 'Shout' due to an error on the server. HubException: Method does not exist.")]
    [InlineData("Failed to invoke 'SendMessage' due to an error on the server.")]
    [InlineData("Connection closed with an error.")]
    [InlineData("Invocation canceled: the connection was stopped.")]
    [InlineData(": a sentence without a reason")]
    [InlineData("")]
    [InlineData(null)]
    public void AnErrorThatIsNoRefusalIsNotReadAsOne(string? text)
    {
        Assert.False(HubRefusal.TryParse(text, out var refusal));
        Assert.Null(refusal);
    }

    [Theory]
    [InlineData("Not Entitled")]
    [InlineData("NotEntitled:")]
    [InlineData("")]
    [InlineData("Reason2")]
    public void OnlyANameOfLettersIsWrittenAsAReason(string reason) =>
        Assert.Throws<ArgumentException>(() => HubRefusal.Format(reason, "A sentence."));

    [Fact]
    public void APersonReadsTheSentenceOfARefusalAndTheServersTextOfAnyOtherError()
    {
        Assert.Equal("You may not write in that room now (you may have been moved). Your message was not sent.", HubRefusal.SentenceOf(Documented));
        Assert.Equal("Method does not exist.", HubRefusal.SentenceOf("Failed to invoke 'Shout' due to an error on the server. HubException: Method does not exist."));
        Assert.Equal("Connection closed with an error.", HubRefusal.SentenceOf("Connection closed with an error."));
    }

    [Fact]
    public void TheRefusalTheProtocolPageShowsIsTheTextTheHelperWritesAndReads()
    {
        var page = RepositoryFiles.Read("docs", "protocol.md").Replace("\r\n", "\n", StringComparison.Ordinal);

        Assert.Contains(Documented, page, StringComparison.Ordinal);
        Assert.True(HubRefusal.TryParse(Documented, out var refusal));
        Assert.Contains($"**Hub refusals** are `HubException`s whose message is `\"<Reason>{HubRefusal.Separator}<sentence>\"`", page, StringComparison.Ordinal);
        Assert.Contains($"Take the text after `{HubRefusal.ClientPrefixEnd}`; the reason is the part before the first `{HubRefusal.Separator}`.", page, StringComparison.Ordinal);
        Assert.EndsWith(HubRefusal.ClientPrefixEnd + HubRefusal.Format(refusal.Reason, refusal.Sentence), Documented, StringComparison.Ordinal);
    }
}
