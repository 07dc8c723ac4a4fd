using System.Text.Json;

namespace CaucusRooms.EndToEnd.Tests;

/// <summary>
/// Joining video while the room changes: a roster that arrives while the camera is still opening
/// must not open peers without it (such a peer offers no media, so ICE never starts: it waited out
/// the 5 s gathering timeout and a 6 s watchdog restart, the ~13 s first frame seen through TURN).
/// </summary>
[Collection(ServerAndBrowser.Name)]
public sealed class VideoJoinTests(LiveServer server, Chromium chromium, ITestOutputHelper output) : BrowserTest(chromium, output)
{
    private const string JoinVideo = "Join video (camera and microphone)";

    // Each page's camera takes this long to open, so the roster sent when Bob leaves lands while it opens.
    private const int CameraOpensAfterMs = 3000;

    [Fact]
    public async Task ARosterThatArrivesWhileTheCameraOpensOpensNoPeerWithoutItAndNoPeerRestarts()
    {
        var mediator = await Browsers.NewPersonAsync(server.BaseAddress);
        var alice = await Browsers.NewPersonAsync(server.BaseAddress);
        var bob = await Browsers.NewPersonAsync(server.BaseAddress);
        IReadOnlyList<IPage> pages = [mediator, alice];
        await SignInAsMediatorAsync(mediator);
        await OpenSessionAsync(mediator, "Slow camera matter", "Claimant", "Respondent");
        await BringIntoJointRoomAsync(mediator, alice, "Alice", "Claimant", "Alice Archer");
        await BringIntoJointRoomAsync(mediator, bob, "Bob", "Respondent", "Bob Baker");
        await ClickAsync(mediator, $"Move {TestAccounts.Mediator} to Joint room");

        foreach (var page in pages)
        {
            await page.EvaluateAsync("""
                ms => {
                  const open = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
                  navigator.mediaDevices.getUserMedia = c => new Promise(r => setTimeout(r, ms)).then(() => open(c));
                }
                """, CameraOpensAfterMs);
        }
        foreach (var page in pages) await ClickAsync(page, JoinVideo);
        // Bob goes: the joint room's roster changes for both of them while their cameras still open.
        await bob.Context.CloseAsync();

        foreach (var page in pages) await VideoPages.DecodesFromAsync(page, 1, pages);
        foreach (var page in pages)
        {
            var timelines = JsonSerializer.Deserialize<List<JsonElement>>(await page.EvaluateAsync<string>(
                "() => JSON.stringify([...window.caucusVideo.closedTimelines(), ...window.caucusVideo.timelines()])")) ?? [];
            Output.WriteLine("peers made: " + string.Join(", ", timelines.Select(t => $"tracks {t.GetProperty("tracks")}, restarts {t.GetProperty("restarts")}")));
            Assert.NotEmpty(timelines);
            Assert.All(timelines, t => Assert.True(t.GetProperty("tracks").GetInt32() > 0, $"a peer was made without the camera and microphone: {t}"));
            Assert.All(timelines, t => Assert.Equal(0, t.GetProperty("restarts").GetInt32()));
        }

        foreach (var page in pages) await page.Context.CloseAsync();
    }
}
