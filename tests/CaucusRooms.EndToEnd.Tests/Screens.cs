using Deque.AxeCore.Playwright;

namespace CaucusRooms.EndToEnd.Tests;

/// <summary>Screenshots (test artifacts, never committed), accessibility scans and the recorded text of a page.</summary>
internal static class Screens
{
    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);

    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public static async Task ShootAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Folder, name + ".png"), FullPage = true, Timeout = (float)Chromium.Patience.TotalMilliseconds });
    }

    /// <summary>The serious and critical axe violations of the page as it is now, one line each.</summary>
    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page, string screen)
    {
        var result = await page.RunAxe().WaitAsync(Chromium.Patience);
        // A scan that checked nothing proves nothing.
        if (result.Passes.Length == 0) throw new InvalidOperationException($"axe checked no rule on {screen}.");
        return [.. result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{screen}: {v.Id} ({v.Impact}) at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")];
    }

    /// <summary>Every text the page's DOM ever held, with the room pane it was in.</summary>
    public static async Task<IReadOnlyList<SeenText>> SeenAsync(IPage page)
    {
        var json = await page.EvaluateAsync<string>("() => JSON.stringify(window.__caucusSeen)").WaitAsync(Chromium.Patience);
        return System.Text.Json.JsonSerializer.Deserialize<List<SeenText>>(json, Json) ?? [];
    }
}

/// <summary>One text a page showed: the pane's room id ("" outside any pane) and the text.</summary>
public sealed record SeenText(string Room, string Text);
