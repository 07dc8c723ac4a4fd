using System.Text.RegularExpressions;

namespace CaucusRooms.EndToEnd.Tests;

/// <summary>
/// Moved while typing: the party's page has not heard of the move yet (its state updates are held
/// back on the wire) and sends to the joint room. The service refuses; the page keeps the draft,
/// says why, and sends it nowhere else.
/// </summary>
[Collection(ServerAndBrowser.Name)]
public sealed partial class RefusedSendTests(LiveServer server, Chromium chromium, ITestOutputHelper output) : BrowserTest(chromium, output)
{
    [Fact]
    public async Task ASendRefusedBecauseOfAMoveKeepsTheDraftSaysWhyAndReachesNoOne()
    {
        var draft = $"heron-draft-{Guid.NewGuid():N}"[..20] + " we would settle today";
        var mediator = await Browsers.NewPersonAsync(server.BaseAddress);
        var erin = await Browsers.NewPersonAsync(server.BaseAddress);
        var frank = await Browsers.NewPersonAsync(server.BaseAddress);
        var wire = new SlowStateWire();
        await wire.InstallAsync(erin);

        await SignInAsMediatorAsync(mediator);
        await OpenSessionAsync(mediator, "Moved while typing", "Neighbour", "Council");
        await BringIntoJointRoomAsync(mediator, erin, "Erin", "Neighbour", "Erin Ede");
        await BringIntoJointRoomAsync(mediator, frank, "Frank", "Council", "Frank Fox");
        await Pane(erin, "Everyone").WaitForAsync();
        await Pane(frank, "Everyone").WaitForAsync();

        // Erin types to everyone; meanwhile the mediator moves her, and her page does not know yet.
        await Pane(erin, "Everyone").Locator("textarea").FillAsync(draft);
        wire.HoldStateChanges = true;
        await ClickAsync(mediator, "Move Erin to Private — Neighbour");
        await mediator.Locator("section[aria-label='Private — Neighbour'] li[data-person=Erin]").WaitForAsync();
        await Pane(erin, "Everyone").GetByRole(AriaRole.Button, new() { Name = "Send to Everyone" }).ClickAsync();

        var refusal = Pane(erin, "Everyone").GetByRole(AriaRole.Alert);
        await refusal.Filter(new() { HasText = "Not sent:" }).WaitForAsync();
        Assert.Contains("moved", await refusal.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(draft, await Pane(erin, "Everyone").Locator("textarea").InputValueAsync());
        await Screens.ShootAsync(erin, "party-send-refused-after-move");

        // The held news arrives: Erin is told where she is; the joint pane (and its draft) wait for her return.
        await wire.ReleaseAsync();
        await erin.GetByText("The mediator moved you to your private room.").WaitForAsync();
        Assert.Equal(0, await Pane(erin, "Everyone").CountAsync().WaitAsync(Chromium.Patience));
        Assert.Equal("", await Pane(erin, "Private — Neighbour and mediator").Locator("textarea").InputValueAsync());

        await WriteAsync(mediator, "Everyone", "Frank, a moment please.");
        await SeesAsync(frank, "Everyone", "Frank, a moment please.");
        foreach (var page in new[] { frank, mediator })
            Assert.DoesNotContain(await Screens.SeenAsync(page), s => s.Text.Contains(draft, StringComparison.Ordinal));

        await mediator.Context.CloseAsync().WaitAsync(Chromium.Patience);
        await erin.Context.CloseAsync().WaitAsync(Chromium.Patience);
        await frank.Context.CloseAsync().WaitAsync(Chromium.Patience);
    }

    /// <summary>Passes the page's hub traffic through, but can hold back the frames that carry StateChanged.</summary>
    private sealed class SlowStateWire
    {
        private readonly List<(IWebSocketRoute Page, string Frame)> _held = [];
        private readonly Lock _gate = new();

        public bool HoldStateChanges { get; set; }

        public Task InstallAsync(IPage page) =>
            page.RouteWebSocketAsync(HubPattern(), socket =>
            {
                var service = socket.ConnectToServer();
                service.OnMessage(frame =>
                {
                    if (frame.Text is { } text && HoldStateChanges && text.Contains("\"StateChanged\"", StringComparison.Ordinal))
                    {
                        lock (_gate) _held.Add((socket, text));
                        return;
                    }
                    if (frame.Text is { } t) socket.Send(t);
                    else if (frame.Binary is { } bytes) socket.Send(bytes);
                });
            }).WaitAsync(Chromium.Patience);

        public Task ReleaseAsync()
        {
            List<(IWebSocketRoute Page, string Frame)> held;
            lock (_gate)
            {
                HoldStateChanges = false;
                held = [.. _held];
                _held.Clear();
            }
            foreach (var (page, frame) in held) page.Send(frame);
            return Task.CompletedTask;
        }
    }

    [GeneratedRegex("/hubs/session")]
    private static partial Regex HubPattern();
}
