namespace CaucusRooms.EndToEnd.Tests;

/// <summary>
/// The machine's headless Chromium (/usr/bin/chromium), driven by Playwright. Nothing is downloaded.
/// Every page records all text ever inserted into its DOM, with the room pane it landed in.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    /// <summary>Every Playwright wait and action gives up after this long.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    // Records text nodes, whole inserted subtrees, text edits and attribute values, each with the
    // data-room-id of the pane it is in ("" outside panes). Installed before any page script runs.
    private const string TextRecorder = """
        (() => {
          const seen = [];
          Object.defineProperty(window, '__caucusSeen', { value: seen });
          const record = (node, text) => {
            if (!text) return;
            const el = node.nodeType === 1 ? node : node.parentElement;
            const pane = el && el.closest ? el.closest('[data-room-id]') : null;
            seen.push({ room: pane ? pane.getAttribute('data-room-id') : '', text: String(text) });
          };
          new MutationObserver(mutations => {
            for (const m of mutations) {
              if (m.type === 'characterData') record(m.target, m.target.data);
              else if (m.type === 'attributes') record(m.target, m.target.getAttribute(m.attributeName));
              else for (const n of m.addedNodes) record(n, n.nodeType === 3 ? n.data : n.textContent);
            }
          }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
        })();
        """;

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Browser console errors and page errors of every page, for the test output when something fails.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Problems { get; } = new();

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync().WaitAsync(Patience);
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Timeout = (float)Patience.TotalMilliseconds,
            // Fake camera and microphone (a test pattern and a beep), granted without a prompt, for the video tests.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"],
        });
    }

    /// <summary>A page in a context of its own: its own cookies, so one person.</summary>
    public async Task<IPage> NewPersonAsync(Uri baseAddress)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
        }).WaitAsync(Patience);
        context.SetDefaultTimeout((float)Patience.TotalMilliseconds);
        context.SetDefaultNavigationTimeout((float)Patience.TotalMilliseconds);
        await context.AddInitScriptAsync(TextRecorder).WaitAsync(Patience);
        var page = await context.NewPageAsync().WaitAsync(Patience);
        page.Console += (_, message) => { if (message.Type is "error" or "warning") Problems.Enqueue($"console {message.Type}: {message.Text}"); };
        page.PageError += (_, error) => Problems.Enqueue($"page error: {error}");
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync().WaitAsync(Patience);
        _playwright?.Dispose();
    }
}
