using System.Text.RegularExpressions;

namespace CaucusRooms.EndToEnd.Tests;

/// <summary>
/// What every browser test stands on, checked without a browser: the shared host serves the sign-in page and every
/// file the page names (the client's static web assets reach the host only through this project's build).
/// </summary>
[Collection(ServerAndBrowser.Name)]
public sealed partial class ServedPageTests(LiveServer server)
{
    [Fact]
    public async Task TheSignInPageAndEveryStyleSheetAndScriptItNamesAreServed()
    {
        using var browser = server.NewBrowser();

        var page = await browser.GetStringAsync("signin");
        var files = LocalFile().Matches(page).Select(m => m.Groups["path"].Value).ToList();
        var answers = new List<string>();
        foreach (var file in files)
        {
            using var response = await browser.GetAsync(file);
            answers.Add($"{file}: {(int)response.StatusCode}");
        }

        Assert.Contains(files, f => f.StartsWith("_framework/blazor.webassembly.", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith(".styles.css", StringComparison.Ordinal));
        Assert.All(answers, a => Assert.EndsWith(": 200", a, StringComparison.Ordinal));
    }

    [GeneratedRegex(@"(?:href|src)=""(?<path>[^""/:#][^""]*\.(?:css|js))""")]
    private static partial Regex LocalFile();
}
