using AngleSharp.Dom;
using CaucusRooms.Client.Components.Chat;
using Microsoft.Extensions.DependencyInjection;

namespace CaucusRooms.Client.Tests.Components.Chat;

/// <summary>Consent to share (Model Standard V): the side decides, the mediator asks and relays what was granted.</summary>
public sealed class ConsentControlsTests : BunitContext
{
    private readonly Dictionary<string, string> _states = [];
    private readonly List<string> _calls = [];
    private readonly MessageDto _item = Sample.Message(Sample.CaucusAId, "We could accept instalments.", "Alice");

    public ConsentControlsTests()
    {
        Services.AddSingleton<LeakDiagnostics>();
        ComposerModule.Plan(JSInterop);
    }

    /// <summary>Answers each call with this refusal (null: done).</summary>
    private string? Refusal { get; set; }

    private ConsentOptions Options() => new(
        id => _states.GetValueOrDefault(id),
        (room, item, shareable) => Record($"SetShareable {room} {item} {shareable}"),
        (room, item) => Record($"AskForConsent {room} {item}"),
        (from, item, to) => Record($"RelaySharedItem {from} {item} {to}"),
        [Sample.Joint, Sample.CaucusA, Sample.CaucusB],
        (room, item, summary) => Record($"ProposeSummary {room} {item} {summary}"),
        (room, item, summary) => summary.Contains("twenty", StringComparison.Ordinal) ? "These words repeat something else said here." : null,
        (from, document, to) => Record($"RelaySharedDocument {from} {document} {to}"));

    /// <summary>
    /// A room as the service describes it to a reader: a mediator (<paramref name="side"/> null) asks and may share
    /// into the joint room and the other private room; a party decides consent only in their own side's private room.
    /// </summary>
    private static MyRoomDto SeenBy(MyRoomDto room, string? side) => side is null
        ? room with { AsksForConsent = room.Kind == "Caucus", RelayTo = room.Kind == "Caucus" ? [.. new[] { Sample.Joint, Sample.CaucusA, Sample.CaucusB }.Where(r => r.RoomId != room.RoomId).Select(r => r.RoomId)] : [] }
        : room with { DecidesConsent = room.Side == side };

    private MessageDto Proposal(string text = "They are open to instalments.") =>
        Sample.Message(Sample.CaucusAId, text, "Morgan") with { ProposalOf = _item.MessageId };

    private Task<string?> Record(string call)
    {
        _calls.Add(call);
        return Task.FromResult(Refusal);
    }

    private IRenderedComponent<RoomPane> RenderPane(MyRoomDto room, ConsentOptions? options, params MessageDto[] messages) =>
        Render<RoomPane>(p => p.Add(x => x.Room, room).Add(x => x.Messages, messages.Length == 0 ? [_item] : messages).Add(x => x.Consent, options));

    /// <summary>The buttons of the pane's messages (or, with <paramref name="area"/> ".pane-documents", of its documents).</summary>
    private static string[] Buttons(IRenderedComponent<RoomPane> cut, string area = ".pane-messages") =>
        cut.FindAll($"{area} button").Select(b => b.TextContent.Trim()).ToArray();

    private static IElement Button(IRenderedComponent<RoomPane> cut, string name, string area = ".pane-messages") =>
        cut.FindAll($"{area} button").Single(b => b.TextContent.Trim() == name);

    private const string OfDocuments = ".pane-documents";

    [Fact]
    public void APartyOfThatSideMarksTheirItemShareable()
    {
        var cut = RenderPane(SeenBy(Sample.CaucusA, "Claimant"), Options());

        Assert.Equal(["May be shared"], Buttons(cut));
        Button(cut, "May be shared").Click();

        Assert.Equal([$"SetShareable {Sample.CaucusAId} {_item.MessageId} True"], _calls);
        Assert.Contains("Marked as shareable.", cut.Find(".consent [role=status]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void AGrantedItemShowsItsStateAndCanBeTakenBack()
    {
        _states[_item.MessageId] = "Granted";
        var cut = RenderPane(SeenBy(Sample.CaucusA, "Claimant"), Options());

        Assert.Equal("Shareable", cut.Find(".consent-state").TextContent);
        Assert.Equal(["Take back sharing"], Buttons(cut));
        Button(cut, "Take back sharing").Click();
        Assert.Equal([$"SetShareable {Sample.CaucusAId} {_item.MessageId} False"], _calls);
    }

    [Fact]
    public void TheSideSeesThatTheMediatorAsks()
    {
        _states[_item.MessageId] = "Asked";
        var cut = RenderPane(SeenBy(Sample.CaucusA, "Claimant"), Options());

        Assert.Equal("The mediator asks to share this", cut.Find(".consent-state").TextContent);
        Assert.Equal(["May be shared"], Buttons(cut));
    }

    [Fact]
    public void AfterTakingItBackTheSideSeesItIsNotShareableAndMayGrantAgain()
    {
        _states[_item.MessageId] = "Withdrawn";
        var cut = RenderPane(SeenBy(Sample.CaucusA, "Claimant"), Options());

        Assert.Equal("Not shareable — sharing taken back", cut.Find(".consent-state").TextContent);
        Assert.Equal(["May be shared"], Buttons(cut));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Asked")]
    [InlineData("Granted")]
    [InlineData("Withdrawn")]
    public void APartyOfTheOtherSideNeverSeesControls(string? state)
    {
        if (state is not null) _states[_item.MessageId] = state;
        var cut = RenderPane(SeenBy(Sample.CaucusA, "Respondent"), Options());

        Assert.Empty(Buttons(cut));
        Assert.Empty(cut.FindAll(".consent"));
    }

    [Fact]
    public void TheMediatorAsksForAnItemNotGrantedAndCannotShareIt()
    {
        var cut = RenderPane(SeenBy(Sample.CaucusA, null), Options());

        Assert.Equal(["Ask Claimant to share", "Propose a summary…"], Buttons(cut));
        Button(cut, "Ask Claimant to share").Click();
        Assert.Equal([$"AskForConsent {Sample.CaucusAId} {_item.MessageId}"], _calls);
    }

    [Fact]
    public void OnAGrantedItemTheMediatorSharesIntoEachOtherRoomButNotBackIntoTheSame()
    {
        _states[_item.MessageId] = "Granted";
        var cut = RenderPane(SeenBy(Sample.CaucusA, null), Options());

        Assert.Equal(["Share in Everyone", "Share with Respondent", "Propose a summary…"], Buttons(cut));
        Button(cut, "Share with Respondent").Click();
        Assert.Equal([$"RelaySharedItem {Sample.CaucusAId} {_item.MessageId} {Sample.CaucusBId}"], _calls);
        Assert.Equal("Shared in Respondent.", cut.Find(".consent [role=status]").TextContent);
    }

    [Fact]
    public void ARefusedRelayIsSaidNextToTheItem()
    {
        _states[_item.MessageId] = "Granted";
        Refusal = "That item is not marked as shareable by the side that said it.";
        var cut = RenderPane(SeenBy(Sample.CaucusA, null), Options());

        Button(cut, "Share in Everyone").Click();

        var item = cut.Find(".pane-messages li");
        Assert.Equal(Refusal, item.QuerySelector(".consent [role=alert]")!.TextContent);
    }

    [Fact]
    public void TheMediatorProposesASummaryToTheSideInsteadOfSharingFreeWords()
    {
        var cut = RenderPane(SeenBy(Sample.CaucusA, null), Options());

        Button(cut, "Propose a summary…").Click();
        cut.Find(".consent-summary textarea").Input("They are open to instalments.");
        Assert.Equal("Summary to propose to Claimant", cut.Find($"label[for='summary-{_item.MessageId}']").TextContent);
        cut.Find(".consent-summary").Submit();

        Assert.Equal([$"ProposeSummary {Sample.CaucusAId} {_item.MessageId} They are open to instalments."], _calls);
        Assert.Empty(cut.FindAll(".consent-summary"));
        Assert.Contains("shared only if they approve these words", cut.Find(".consent [role=status]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void AProposalRepeatingOtherUnsharedWordsIsWarnedAboutBeforeItGoes()
    {
        var cut = RenderPane(SeenBy(Sample.CaucusA, null), Options());

        Button(cut, "Propose a summary…").Click();
        cut.Find(".consent-summary textarea").Input("They would take twenty.");
        cut.Find(".consent-summary").Submit();

        Assert.Empty(_calls);
        Assert.Equal("These words repeat something else said here.", cut.Find(".consent-summary [role=alert]").TextContent);
        cut.Find(".consent-summary").Submit();
        Assert.Equal([$"ProposeSummary {Sample.CaucusAId} {_item.MessageId} They would take twenty."], _calls);
    }

    [Fact]
    public void TheSideSeesTheMediatorsProposalAndApprovesOrDeclinesExactlyThoseWords()
    {
        var proposal = Proposal();
        _states[proposal.MessageId] = "Asked";
        var cut = RenderPane(SeenBy(Sample.CaucusA, "Claimant"), Options(), proposal);

        Assert.Equal("The mediator would share:", cut.Find(".pane-messages .proposal").TextContent);
        Assert.Equal(["Approve", "Decline"], Buttons(cut));
        Assert.Equal("The mediator's proposal", cut.Find(".consent").GetAttribute("aria-label"));
        Button(cut, "Approve").Click();
        Button(cut, "Decline").Click();

        Assert.Equal([$"SetShareable {Sample.CaucusAId} {proposal.MessageId} True", $"SetShareable {Sample.CaucusAId} {proposal.MessageId} False"], _calls);
    }

    [Theory]
    [InlineData("Asked", "Proposed, waiting for Claimant", new string[0])]
    [InlineData("Granted", "Claimant approved these words", new[] { "Share in Everyone", "Share with Respondent" })]
    [InlineData("Withdrawn", "Claimant declined these words", new string[0])]
    public void TheMediatorSeesWhereAProposalStandsAndSharesItOnlyOnceApproved(string state, string said, string[] buttons)
    {
        var proposal = Proposal();
        _states[proposal.MessageId] = state;
        var cut = RenderPane(SeenBy(Sample.CaucusA, null), Options(), proposal);

        Assert.Equal(said, cut.Find(".consent-state").TextContent);
        Assert.Equal(buttons, Buttons(cut));
    }

    [Fact]
    public void TheOtherSideNeverSeesAProposalsControls()
    {
        var proposal = Proposal();
        _states[proposal.MessageId] = "Asked";
        var cut = RenderPane(SeenBy(Sample.CaucusA, "Respondent"), Options(), proposal);

        Assert.Empty(Buttons(cut));
    }

    [Fact]
    public void TheJointRoomAndRelayedItemsCarryNoControls()
    {
        var joint = RenderPane(SeenBy(Sample.Joint, null), Options(), Sample.Message(Sample.JointId, "Good morning."));
        var relay = Sample.Message(Sample.CaucusAId, "From the other side.", "Morgan") with { SharedFrom = new SharedFromDto("x", "Respondent") };
        var caucus = RenderPane(SeenBy(Sample.CaucusA, null), Options(), relay);

        Assert.Empty(Buttons(joint));
        Assert.Empty(Buttons(caucus));
    }

    [Fact]
    public void WithoutConsentOptionsAPaneShowsNoControls()
    {
        var cut = RenderPane(Sample.CaucusA, null);

        Assert.Empty(Buttons(cut));
    }

    private static DocumentDto Document(string roomId, string name, SharedFromDto? sharedFrom = null) =>
        new(Guid.NewGuid().ToString("N"), roomId, name, 900, "Pdf", "id-Alice", "Alice", DateTimeOffset.UnixEpoch, $"/api/sessions/s/rooms/{roomId}/documents/{name}", sharedFrom);

    private IRenderedComponent<RoomPane> RenderDocuments(MyRoomDto room, params DocumentDto[] documents)
    {
        var options = new DocumentOptions(id => Task.FromResult<IReadOnlyList<DocumentDto>>([.. documents.Where(d => d.RoomId == id)]), _ => [], (_, _, _) => Task.FromResult<string?>(null));
        var cut = Render<RoomPane>(p => p.Add(x => x.Room, room).Add(x => x.Consent, Options()).Add(x => x.Documents, options));
        cut.WaitForAssertion(() => Assert.Equal(documents.Count(d => d.RoomId == room.RoomId), cut.FindAll(".pane-documents li").Count));
        return cut;
    }

    [Fact]
    public void TheMediatorAsksAboutACaucusDocumentAndOnceGrantedSharesACopyWithTheSameWordsAsForAMessage()
    {
        var offer = Document(Sample.CaucusAId, "offer.pdf");
        var cut = RenderDocuments(SeenBy(Sample.CaucusA, null), offer);

        Assert.Equal(["Ask Claimant to share"], Buttons(cut, OfDocuments)); // a file goes onward as it is: no summary to propose
        Button(cut, "Ask Claimant to share", OfDocuments).Click();
        _states[offer.DocumentId] = "Granted";
        cut.Render(p => p.Add(x => x.Room, SeenBy(Sample.CaucusA, null)));

        Assert.Equal("Shareable — Claimant said it may be shared", cut.Find(".pane-documents .consent-state").TextContent);
        Assert.Equal(["Share in Everyone", "Share with Respondent"], Buttons(cut, OfDocuments));
        Button(cut, "Share in Everyone", OfDocuments).Click();
        Assert.Equal([$"AskForConsent {Sample.CaucusAId} {offer.DocumentId}", $"RelaySharedDocument {Sample.CaucusAId} {offer.DocumentId} {Sample.JointId}"], _calls);
        Assert.Equal("Shared in Everyone.", cut.Find(".pane-documents .consent [role=status]").TextContent);
    }

    [Fact]
    public void TheSideMarksItsCaucusDocumentShareableAndTheOtherSideSeesNoControls()
    {
        var offer = Document(Sample.CaucusAId, "offer.pdf");
        _states[offer.DocumentId] = "Asked";
        var cut = RenderDocuments(SeenBy(Sample.CaucusA, "Claimant"), offer);

        Assert.Equal("The mediator asks to share this", cut.Find(".pane-documents .consent-state").TextContent);
        Button(cut, "May be shared", OfDocuments).Click();
        Assert.Equal([$"SetShareable {Sample.CaucusAId} {offer.DocumentId} True"], _calls);
        Assert.Empty(Buttons(RenderDocuments(SeenBy(Sample.CaucusA, "Respondent"), offer), OfDocuments));
    }

    [Fact]
    public void ARelayedCopySaysItWasSharedWithConsentAndCarriesNoControls()
    {
        var from = new SharedFromDto(Guid.NewGuid().ToString("N"), "Claimant");
        var inJoint = RenderDocuments(SeenBy(Sample.Joint, null), Document(Sample.JointId, "offer.pdf", from));
        var inOtherCaucus = RenderDocuments(SeenBy(Sample.CaucusB, null), Document(Sample.CaucusBId, "offer.pdf", from));

        Assert.Equal("Shared from Claimant's private session, with their consent:", inJoint.Find(".pane-documents .shared-from").TextContent);
        Assert.Empty(Buttons(inJoint, OfDocuments));
        Assert.Empty(Buttons(inOtherCaucus, OfDocuments));
    }
}
