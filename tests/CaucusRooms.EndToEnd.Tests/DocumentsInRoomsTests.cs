namespace CaucusRooms.EndToEnd.Tests;

/// <summary>
/// Documents in rooms in three browsers: a party shares a PDF in their caucus; the mediator sees it there and downloads
/// it; the other party sees nothing of it, and the download link answers them 404.
/// </summary>
[Collection(ServerAndBrowser.Name)]
public sealed class DocumentsInRoomsTests(LiveServer server, Chromium chromium, ITestOutputHelper output) : BrowserTest(chromium, output)
{
    private const string TenantsCaucus = "Private — Tenant and mediator";
    private static readonly byte[] Pdf = CaucusRooms.Testing.SharedDocuments.Pdf("lowest rent: 900");

    [Fact]
    public async Task APartysCaucusPdfReachesTheMediatorAndTheOtherPartyNeitherSeesNorDownloadsIt()
    {
        var (mediator, avery, blake) = await TenantAndLandlordInTheJointRoomAsync(Browsers, server.BaseAddress, "Documents session");
        await Pane(avery, TenantsCaucus).WaitForAsync();
        await Pane(blake, "Everyone").WaitForAsync();

        await Pane(avery, TenantsCaucus).GetByLabel($"Share a file in {TenantsCaucus}")
            .SetInputFilesAsync(new FilePayload { Name = "rent-offer.pdf", MimeType = "application/pdf", Buffer = Pdf });
        await Pane(avery, TenantsCaucus).GetByRole(AriaRole.Link, new() { Name = "rent-offer.pdf" }).WaitForAsync();
        Assert.Contains("shared by you", await Pane(avery, TenantsCaucus).Locator(".pane-documents li").InnerTextAsync().WaitAsync(Chromium.Patience), StringComparison.Ordinal);
        Assert.Empty(await Screens.SeriousViolationsAsync(avery, "party's caucus pane with a shared document"));
        await Screens.ShootAsync(avery, "document-shared-in-caucus");

        var link = Pane(mediator, TenantsCaucus).GetByRole(AriaRole.Link, new() { Name = "rent-offer.pdf" });
        await link.WaitForAsync();
        Assert.Contains("shared by Avery", await Pane(mediator, TenantsCaucus).Locator(".pane-documents li").InnerTextAsync().WaitAsync(Chromium.Patience), StringComparison.Ordinal);
        var download = await mediator.RunAndWaitForDownloadAsync(() => link.ClickAsync()).WaitAsync(Chromium.Patience);
        Assert.Equal("rent-offer.pdf", download.SuggestedFilename);
        Assert.Equal(Pdf, await File.ReadAllBytesAsync(await download.PathAsync().WaitAsync(Chromium.Patience)));
        Assert.Empty(await Screens.SeriousViolationsAsync(mediator, "mediator's console with a shared document"));

        // Blake has no pane for the Tenant's caucus and no trace of the file; the link itself answers him 404.
        var path = await link.GetAttributeAsync("href").WaitAsync(Chromium.Patience);
        var answer = await blake.Context.APIRequest.GetAsync(path!.TrimStart('/')).WaitAsync(Chromium.Patience);
        Assert.Equal(404, answer.Status);
        Assert.DoesNotContain("lowest rent", await answer.TextAsync().WaitAsync(Chromium.Patience), StringComparison.Ordinal);
        Assert.Equal(0, await blake.GetByText("rent-offer.pdf").CountAsync().WaitAsync(Chromium.Patience));
        Assert.Equal(0, await Pane(blake, TenantsCaucus).CountAsync().WaitAsync(Chromium.Patience));

        foreach (var page in new[] { mediator, avery, blake }) await page.Context.CloseAsync().WaitAsync(Chromium.Patience);
    }
}
