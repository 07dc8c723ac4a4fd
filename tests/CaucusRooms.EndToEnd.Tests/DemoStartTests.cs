using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace CaucusRooms.EndToEnd.Tests;

/// <summary>The README's "--demo" start: a real server process that prints a sign-in and two working invite links.</summary>
[Collection(ServerAndBrowser.Name)]
public sealed partial class DemoStartTests(Chromium chromium, Xunit.Abstractions.ITestOutputHelper output) : BrowserTest(chromium, output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task StartingWithDemoPrintsAMediatorSignInAndOneWorkingInviteLinkPerSide()
    {
        var server = Path.Combine(AppContext.BaseDirectory, "CaucusRooms.Server.dll");
        var start = new ProcessStartInfo("dotnet", [server, "--demo", "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        using var process = Process.Start(start)!;
        try
        {
            var printed = await ReadUntilAsync(process.StandardOutput, "Landlord  —").WaitAsync(Patience);
            var signIn = SignInLine().Match(printed);
            var links = InviteLink().Matches(printed).Select(m => m.Value).ToList();
            Assert.True(signIn.Success, printed);
            Assert.Equal(2, links.Count);
            Assert.Contains("://localhost:", links[1], StringComparison.Ordinal);

            var baseUrl = new Uri(signIn.Groups["base"].Value + "/");
            using var mediator = Browser(baseUrl);
            using var login = await mediator.PostAsJsonAsync("api/auth/login", new { userName = signIn.Groups["user"].Value, password = signIn.Groups["password"].Value });
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            var sessions = await mediator.GetStringAsync("api/sessions");
            Assert.Contains("Demo: the lease dispute", sessions, StringComparison.Ordinal);

            using (var party = Browser(baseUrl))
            using (var redeemed = await party.PostAsJsonAsync("api/invites/redeem", new { code = links[0][(links[0].IndexOf('#', StringComparison.Ordinal) + 1)..] }))
                Assert.Equal(HttpStatusCode.OK, redeemed.StatusCode);

            // The second party's link, printed with "localhost" for a cookie jar of its own, works in a browser as is.
            var landlord = await Browsers.NewPersonAsync(baseUrl);
            await landlord.GotoAsync(links[1]);
            await landlord.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Name = "Confidentiality agreement" }).WaitForAsync();
            await landlord.Context.CloseAsync().WaitAsync(Chromium.Patience);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().WaitAsync(Patience);
        }
    }

    private static HttpClient Browser(Uri baseUrl) =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = baseUrl, Timeout = Patience };

    private static async Task<string> ReadUntilAsync(StreamReader output, string marker)
    {
        var text = new System.Text.StringBuilder();
        while (await output.ReadLineAsync() is { } line)
        {
            text.AppendLine(line);
            if (line.Contains(marker, StringComparison.Ordinal)) return text.ToString();
        }
        throw new InvalidOperationException($"The server stopped before printing '{marker}':\n{text}");
    }

    [GeneratedRegex(@"sign in at (?<base>http://127\.0\.0\.1:\d+)/signin as '(?<user>[^']+)', password '(?<password>[^']+)'")]
    private static partial Regex SignInLine();

    [GeneratedRegex(@"http://(127\.0\.0\.1|localhost):\d+/join#[A-Za-z0-9_-]+")]
    private static partial Regex InviteLink();
}
