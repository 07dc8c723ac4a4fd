using System.Text.Json;

namespace CaucusRooms.EndToEnd.Tests;

/// <summary>
/// Invariant 8 in real browsers with fake cameras: people located in the same room decode each
/// other's video (inbound-rtp framesDecoded rising); nobody keeps a peer with a room they left.
/// </summary>
[Collection(ServerAndBrowser.Name)]
public sealed class VideoRoomTests(LiveServer server, Chromium chromium, ITestOutputHelper output)
{
    private const string CaucusA = "Private — Claimant";
    private const string JoinVideo = "Join video (camera and microphone)";

    [Fact]
    public async Task PeopleDecodeVideoOnlyFromPeopleInTheirOwnRoomAcrossMovesAndAReload()
    {
        var mediator = await chromium.NewPersonAsync(server.BaseAddress);
        var alice = await chromium.NewPersonAsync(server.BaseAddress);
        var bob = await chromium.NewPersonAsync(server.BaseAddress);
        await SignInAsMediatorAsync(mediator);
        await OpenSessionAsync(mediator, "Video matter", "Claimant", "Respondent");
        await BringIntoJointRoomAsync(mediator, alice, "Alice", "Claimant", "Alice Archer");
        await BringIntoJointRoomAsync(mediator, bob, "Bob", "Respondent", "Bob Baker");
        await ClickAsync(mediator, $"Move {TestAccounts.Mediator} to Joint room");
        _pages.AddRange([mediator, alice, bob]);
        foreach (var page in new[] { mediator, alice, bob }) await ClickAsync(page, JoinVideo);

        // All three in the joint room: each decodes the other two.
        foreach (var page in new[] { mediator, alice, bob }) await DecodesFromAsync(page, 2);
        var aliceId = await alice.EvaluateAsync<string>("() => window.caucusVideo.me()");
        var mediatorId = await mediator.EvaluateAsync<string>("() => window.caucusVideo.me()");
        await Screens.ShootAsync(bob, "video-joint-room");

        // Into caucus: Alice, then the mediator. Within 2 s Bob holds no peer with either.
        await ClickAsync(mediator, $"Move Alice to {CaucusA}");
        await ClickAsync(mediator, $"Move {TestAccounts.Mediator} to {CaucusA}");
        var started = DateTime.UtcNow;
        while ((await PeersAsync(bob)).Count > 0 && DateTime.UtcNow - started < TimeSpan.FromSeconds(2)) await Task.Delay(50);
        output.WriteLine($"Bob's peers closed {(DateTime.UtcNow - started).TotalMilliseconds:0} ms after the second move.");
        Assert.Empty(await PeersAsync(bob));
        Assert.Empty(await FramesAsync(bob));
        await DecodesFromAsync(alice, 1);
        await DecodesFromAsync(mediator, 1);
        Assert.Equal([mediatorId], (await FramesAsync(alice)).Keys);

        // A hostile page of Bob relays an offer to Alice: refused, and nothing reaches her.
        var bobId = await bob.EvaluateAsync<string>("() => window.caucusVideo.me()");
        var fromBobBefore = await alice.EvaluateAsync<int>("id => window.caucusVideo.signalsFrom(id)", bobId);
        var hostile = await bob.EvaluateAsync<string>("""id => window.caucusVideo.relay(id, JSON.stringify({ type: "offer", sdp: "v=0" }))""", aliceId);
        Assert.Contains("same room", hostile, StringComparison.Ordinal);
        await DecodesFromAsync(alice, 1);
        Assert.Equal(fromBobBefore, await alice.EvaluateAsync<int>("id => window.caucusVideo.signalsFrom(id)", bobId));

        // Alice reloads: she comes back into her private room, never into the joint room.
        await alice.ReloadAsync();
        await Pane(alice, "Private — Claimant and mediator").WaitForAsync();
        Assert.Equal(0, await Pane(alice, "Everyone").CountAsync());
        await ClickAsync(alice, JoinVideo);
        await alice.GetByText("You are in: Private — Claimant and mediator").WaitForAsync();
        await DecodesFromAsync(alice, 1);
        var seenAfterReload = await Screens.SeenAsync(alice);
        Assert.DoesNotContain(seenAfterReload, s => s.Text.Contains("You are in: Everyone", StringComparison.Ordinal));

        // Back to the joint room: all three see each other again.
        await ClickAsync(mediator, "Move Alice to Joint room");
        await ClickAsync(mediator, $"Move {TestAccounts.Mediator} to Joint room");
        foreach (var page in new[] { mediator, alice, bob }) await DecodesFromAsync(page, 2);
        await Screens.ShootAsync(mediator, "video-back-in-joint-room");

        foreach (var page in new[] { mediator, alice, bob }) await page.Context.CloseAsync();
    }

    private readonly List<IPage> _pages = [];

    private Task DecodesFromAsync(IPage page, int senders) => VideoPages.DecodesFromAsync(page, senders, _pages);

    private static Task<Dictionary<string, double>> FramesAsync(IPage page) => VideoPages.FramesAsync(page);

    private static Task<List<JsonElement>> PeersAsync(IPage page) => VideoPages.PeersAsync(page);
}
