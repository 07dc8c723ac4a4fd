namespace CaucusRooms.EndToEnd.Tests;

/// <summary>
/// A caucus document goes onward through the consent flow, in three browsers: the mediator asks the Tenant with the same
/// words as for a message, Avery consents, the mediator shares it in the joint room, and Blake gets a copy labelled as
/// shared with the Tenant's consent — the original's link still answers him 404.
/// </summary>
[Collection(ServerAndBrowser.Name)]
public sealed class DocumentConsentTests(LiveServer server, Chromium chromium, ITestOutputHelper output) : BrowserTest(chromium, output)
{
    private const string TenantsCaucus = "Private — Tenant and mediator";
    private const string SharedLabel = "Shared from Tenant's private session, with their consent:";
    private static readonly byte[] Pdf = CaucusRooms.Testing.SharedDocuments.Pdf("repairs list: boiler, window");

    [Fact]
    public async Task ACaucusPdfReachesTheOtherSideOnlyAsACopyAfterTheTenantConsented()
    {
        var (mediator, avery, blake) = await TenantAndLandlordInTheJointRoomAsync(Browsers, server.BaseAddress, "Documents with consent");
        await Pane(blake, "Everyone").WaitForAsync();

        await Pane(avery, TenantsCaucus).GetByLabel($"Share a file in {TenantsCaucus}")
            .SetInputFilesAsync(new FilePayload { Name = "repairs.pdf", MimeType = "application/pdf", Buffer = Pdf });
        var mediatorsDocument = Document(mediator, TenantsCaucus, "repairs.pdf");
        await mediatorsDocument.WaitForAsync();
        var original = await mediatorsDocument.GetByRole(AriaRole.Link).GetAttributeAsync("href").WaitAsync(Chromium.Patience);

        // Not consented yet: the mediator can only ask, with the words the consent flow uses for a message.
        Assert.Equal(0, await mediatorsDocument.GetByRole(AriaRole.Button, new() { Name = "Share in Everyone" }).CountAsync().WaitAsync(Chromium.Patience));
        await mediatorsDocument.GetByRole(AriaRole.Button, new() { Name = "Ask Tenant to share", Exact = true }).ClickAsync();
        var averysDocument = Document(avery, TenantsCaucus, "repairs.pdf");
        await averysDocument.GetByText("The mediator asks to share this").WaitForAsync();
        Assert.Empty(await Screens.SeriousViolationsAsync(avery, "party's caucus pane asked to share a document"));
        await averysDocument.GetByRole(AriaRole.Button, new() { Name = "May be shared", Exact = true }).ClickAsync();
        await averysDocument.GetByRole(AriaRole.Button, new() { Name = "Take back sharing", Exact = true }).WaitForAsync();

        await mediatorsDocument.GetByRole(AriaRole.Button, new() { Name = "Share in Everyone", Exact = true }).ClickAsync();
        await mediatorsDocument.GetByRole(AriaRole.Status).Filter(new() { HasText = "Shared in Everyone." }).WaitForAsync();
        Assert.Empty(await Screens.SeriousViolationsAsync(mediator, "mediator's console with a document shared onward"));

        // Blake, in the joint room, gets the copy with its label and downloads the same bytes; the original stays the caucus's.
        var blakesCopy = Document(blake, "Everyone", "repairs.pdf");
        await blakesCopy.GetByText(SharedLabel).WaitForAsync();
        var download = await blake.RunAndWaitForDownloadAsync(() => blakesCopy.GetByRole(AriaRole.Link).ClickAsync()).WaitAsync(Chromium.Patience);
        Assert.Equal(Pdf, await File.ReadAllBytesAsync(await download.PathAsync().WaitAsync(Chromium.Patience)));
        Assert.Empty(await Screens.SeriousViolationsAsync(blake, "party's joint pane with a document shared with consent"));
        await Screens.ShootAsync(blake, "document-shared-with-consent");
        var answer = await blake.Context.APIRequest.GetAsync(original!.TrimStart('/')).WaitAsync(Chromium.Patience);
        Assert.Equal(404, answer.Status);
        Assert.DoesNotContain("May be shared", await Pane(blake, "Everyone").InnerTextAsync().WaitAsync(Chromium.Patience), StringComparison.Ordinal);
        Assert.Equal(0, await DroppedCountAsync(blake));

        foreach (var page in new[] { mediator, avery, blake }) await page.Context.CloseAsync().WaitAsync(Chromium.Patience);
    }

    private static ILocator Document(IPage page, string pane, string name) =>
        Pane(page, pane).Locator(".pane-documents li").Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = name }) });
}
