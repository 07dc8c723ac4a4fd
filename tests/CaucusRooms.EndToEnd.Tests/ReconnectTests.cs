using System.Text.RegularExpressions;

namespace CaucusRooms.EndToEnd.Tests;

/// <summary>A party's connection drops and comes back: the screen says so, and what was missed arrives once.</summary>
[Collection(ServerAndBrowser.Name)]
public sealed partial class ReconnectTests(LiveServer server, Chromium chromium, ITestOutputHelper output) : BrowserTest(chromium, output)
{
    [Fact]
    public async Task AfterADroppedConnectionThePartySeesItAndGetsWhatWasMissedExactlyOnce()
    {
        var mediator = await Browsers.NewPersonAsync(server.BaseAddress);
        var dana = await Browsers.NewPersonAsync(server.BaseAddress);
        var network = new UnpluggableNetwork();
        await network.InstallAsync(dana);

        await SignInAsMediatorAsync(mediator);
        await OpenSessionAsync(mediator, "Shaky line", "Tenant", "Landlord");
        await BringIntoJointRoomAsync(mediator, dana, "Dana", "Tenant", "Dana Diaz");
        await WriteAsync(mediator, "Everyone", "Before the drop.");
        await SeesAsync(dana, "Everyone", "Before the drop.");

        await network.UnplugAsync();
        await dana.GetByRole(AriaRole.Status).Filter(new() { HasText = "reconnecting" }).WaitForAsync();
        await WriteAsync(mediator, "Everyone", "While you were away.");
        await WriteAsync(mediator, "Private — Tenant and mediator", "Also while you were away, privately.");
        await Screens.ShootAsync(dana, "party-reconnecting");
        Assert.Equal(0, await Pane(dana, "Everyone").GetByText("While you were away.").CountAsync().WaitAsync(Chromium.Patience));

        network.PlugIn();
        await dana.GetByRole(AriaRole.Status).Filter(new() { HasText = "Connected" }).WaitForAsync();
        await SeesAsync(dana, "Everyone", "While you were away.");
        await SeesAsync(dana, "Private — Tenant and mediator", "Also while you were away, privately.");
        Assert.Equal(1, await Pane(dana, "Everyone").GetByText("Before the drop.").CountAsync().WaitAsync(Chromium.Patience));
        Assert.Equal(1, await Pane(dana, "Everyone").GetByText("While you were away.").CountAsync().WaitAsync(Chromium.Patience));
        Assert.True(network.Drops > 0, "The connection was never dropped.");

        // Removed: the party is told, and the link stops instead of knocking forever.
        await ClickAsync(mediator, "Remove Dana…");
        await ClickAsync(mediator, "Confirm: remove Dana");
        await dana.GetByText("You are no longer part of this session.").WaitForAsync();

        await mediator.Context.CloseAsync().WaitAsync(Chromium.Patience);
        await dana.Context.CloseAsync().WaitAsync(Chromium.Patience);
    }

    /// <summary>Passes the page's hub traffic through, until unplugged: then sockets close and new attempts fail.</summary>
    private sealed class UnpluggableNetwork
    {
        private readonly List<IWebSocketRoute> _open = [];
        private bool _unplugged;

        public int Drops { get; private set; }

        public async Task InstallAsync(IPage page)
        {
            await page.RouteWebSocketAsync(HubPattern(), socket =>
            {
                if (_unplugged)
                {
                    _ = socket.CloseAsync(new() { Code = 4000, Reason = "unplugged" });
                    return;
                }
                socket.ConnectToServer();
                lock (_open) _open.Add(socket);
            }).WaitAsync(Chromium.Patience);
            await page.RouteAsync("**/hubs/session/negotiate**", route => _unplugged ? route.AbortAsync("internetdisconnected") : route.ContinueAsync()).WaitAsync(Chromium.Patience);
        }

        public async Task UnplugAsync()
        {
            _unplugged = true;
            List<IWebSocketRoute> open;
            lock (_open)
            {
                open = [.. _open];
                _open.Clear();
            }
            foreach (var socket in open)
            {
                await socket.CloseAsync(new() { Code = 4000, Reason = "unplugged" }).WaitAsync(Chromium.Patience);
                Drops++;
            }
        }

        public void PlugIn() => _unplugged = false;
    }

    [GeneratedRegex("/hubs/session")]
    private static partial Regex HubPattern();
}
