using System.Diagnostics;
using System.Text.RegularExpressions;

namespace CaucusRooms.EndToEnd.Tests;

/// <summary>
/// Relay-only media through a real coturn: video decodes with both ends of every selected
/// candidate pair a relay candidate, and no signal a page receives names a host or reflexive
/// address of anyone.
/// </summary>
[Collection(ServerAndBrowser.Name)]
public sealed partial class RelayOnlyVideoTests(Chromium chromium, ITestOutputHelper output) : BrowserTest(chromium, output), IAsyncLifetime
{
    private const string JoinVideo = "Join video (camera and microphone)";

    private readonly TurnServer _turn = new();
    private LiveServer _server = null!;

    public async Task InitializeAsync()
    {
        await _turn.StartAsync();
        _server = new LiveServer(new Dictionary<string, string?>
        {
            ["Ice:TurnUrls:0"] = _turn.Url,
            ["Ice:TurnSharedSecret"] = _turn.SharedSecret,
        });
        await _server.InitializeAsync();
    }

    [Fact]
    public async Task VideoDecodesThroughTheTurnServerAndNoCandidateAPageReceivesHoldsAHostOrReflexiveAddress()
    {
        var mediator = await Browsers.NewPersonAsync(_server.BaseAddress);
        var alice = await Browsers.NewPersonAsync(_server.BaseAddress);
        IReadOnlyList<IPage> pages = [mediator, alice];
        await SignInAsMediatorAsync(mediator);
        await OpenSessionAsync(mediator, "Relay matter", "Claimant", "Respondent");
        await BringIntoJointRoomAsync(mediator, alice, "Alice", "Claimant", "Alice Archer");
        await ClickAsync(mediator, $"Move {TestAccounts.Mediator} to Joint room");

        var clock = Stopwatch.StartNew();
        foreach (var page in pages) await ClickAsync(page, JoinVideo);
        foreach (var page in pages) await VideoPages.DecodesFromAsync(page, 1, pages);
        Output.WriteLine($"Both pages decode video through coturn {clock.ElapsedMilliseconds} ms after the first Join video (1 s of that proves frames rise, per page).");
        foreach (var page in pages) Output.WriteLine("peers: " + string.Join(", ", await VideoPages.PeersAsync(page)));

        foreach (var page in pages)
        {
            var pair = Assert.Single(await VideoPages.SelectedPairsAsync(page)).Value;
            Assert.Equal(("relay", "relay"), (pair.Local, pair.Remote));
        }

        foreach (var page in pages)
        {
            var received = await VideoPages.ReceivedAsync(page);
            Output.WriteLine($"{received.Count} signals reached a page, {received.Count(r => r.Contains("typ relay", StringComparison.Ordinal))} of them with a relay candidate.");
            // The recording sees candidates at all: the description that got the video going carried relay ones.
            Assert.Contains(received, r => r.Contains("typ relay", StringComparison.Ordinal));
            Assert.DoesNotContain(received, r => HostOrReflexive().IsMatch(r));
        }

        foreach (var page in pages) await page.Context.CloseAsync();
    }

    [GeneratedRegex(@"typ (host|srflx|prflx)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HostOrReflexive();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _turn.DisposeAsync();
        foreach (var line in _turn.Log.TakeLast(60)) Output.WriteLine($"coturn: {line}");
    }
}
