using System.Text.Json;

namespace CaucusRooms.EndToEnd.Tests;

/// <summary>What a page's video module holds and decodes (<c>window.caucusVideo</c>), asked with getStats.</summary>
internal static class VideoPages
{
    /// <summary>Waits until the page decodes video from exactly <paramref name="senders"/> peers, each rising.</summary>
    /// <param name="page">The page that should decode.</param>
    /// <param name="senders">How many peers it should decode from.</param>
    /// <param name="everyone">All pages of the test, whose video state goes into the failure message.</param>
    public static async Task DecodesFromAsync(IPage page, int senders, IReadOnlyList<IPage> everyone)
    {
        var deadline = DateTime.UtcNow + Chromium.Patience;
        Dictionary<string, double> first = [];
        while (DateTime.UtcNow < deadline)
        {
            first = await FramesAsync(page);
            if (first.Count == senders && first.Values.All(v => v > 0)) break;
            await Task.Delay(200);
        }
        if (!(first.Count == senders && first.Values.All(v => v > 0)))
        {
            var diagnosis = "";
            foreach (var p in everyone) diagnosis += (p == page ? "\n* " : "\n  ") + await p.EvaluateAsync<string>("() => JSON.stringify({ loaded: !!window.caucusVideo, me: window.caucusVideo?.me(), room: window.caucusVideo?.roomId(), peers: window.caucusVideo?.peers(), present: window.caucusVideo?.present(), signals: window.caucusVideo?.signals() })");
            Assert.Fail($"decoding from {first.Count} peers, wanted {senders}: {JsonSerializer.Serialize(first)}; {diagnosis}");
        }
        await Task.Delay(1000);
        var then = await FramesAsync(page);
        Assert.All(first, f => Assert.True(then.GetValueOrDefault(f.Key) > f.Value, $"frames from {f.Key} did not rise: {f.Value} -> {then.GetValueOrDefault(f.Key)}"));
    }

    /// <summary>Video frames decoded so far, per peer.</summary>
    public static async Task<Dictionary<string, double>> FramesAsync(IPage page) =>
        JsonSerializer.Deserialize<Dictionary<string, double>>(
            await page.EvaluateAsync<string>("async () => JSON.stringify(window.caucusVideo ? await window.caucusVideo.framesDecoded() : {})")) ?? [];

    public static async Task<List<JsonElement>> PeersAsync(IPage page) =>
        JsonSerializer.Deserialize<List<JsonElement>>(await page.EvaluateAsync<string>("() => JSON.stringify(window.caucusVideo ? window.caucusVideo.peers() : [])")) ?? [];

    /// <summary>Per peer, the candidate types of the selected candidate pair (local, remote).</summary>
    public static async Task<Dictionary<string, SelectedPair>> SelectedPairsAsync(IPage page) =>
        JsonSerializer.Deserialize<Dictionary<string, SelectedPair>>(
            await page.EvaluateAsync<string>("async () => JSON.stringify(window.caucusVideo ? await window.caucusVideo.selectedPairs() : {})"), Web) ?? [];

    /// <summary>The signaling payloads that reached the page's signal handler, as they arrived.</summary>
    public static async Task<IReadOnlyList<string>> ReceivedAsync(IPage page) =>
        await page.EvaluateAsync<string[]>("() => window.caucusVideo ? window.caucusVideo.received() : []");

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    internal sealed record SelectedPair(string? Local, string? Remote);
}
