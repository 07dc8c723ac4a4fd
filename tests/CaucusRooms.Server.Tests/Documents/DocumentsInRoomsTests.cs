using System.Text;

namespace CaucusRooms.Server.Tests.Documents;

/// <summary>
/// Documents in rooms over real HTTP and a real hub: shared by whoever may write in the room, told live to its readers,
/// listed and downloaded by them only (a 404 for everyone else), never cached, refused with a sentence and nothing
/// stored when empty, too large or not a PDF, image or text, and purged with the session.
/// </summary>
public sealed class DocumentsInRoomsTests(HubServerFixture server) : IClassFixture<HubServerFixture>
{
    private static readonly byte[] Pdf = SharedDocuments.Pdf("bottom line: 40k");

    private static string Documents(Mediation m, string room) => SharedDocuments.Path(m.SessionId, room);

    private static Task<HttpResponseMessage> ShareAsync(Person person, Mediation m, string room, byte[] content, string name = "offer.pdf") =>
        SharedDocuments.ShareAsync(person.Browser, m.SessionId, room, content, name);

    [Fact]
    public async Task APartysCaucusDocumentReachesTheirCaucusAndTheMediatorAndNobodyElse()
    {
        await using var m = await Mediation.OpenAsync(server);
        var caucus = m.CaucusOf("Claimant");
        var (avery, averyTab) = await m.JoinAsync("Avery", "Party", "Claimant", caucus);
        var (blake, blakeTab) = await m.JoinAsync("Blake", "Party", "Respondent", m.Joint);

        using var shared = await ShareAsync(avery, m, caucus, Pdf);
        Assert.Equal(HttpStatusCode.Created, shared.StatusCode);
        var document = (await shared.Content.ReadFromJsonAsync<DocumentDto>())!;
        Assert.Equal(("offer.pdf", Pdf.Length, "Pdf", "Avery"), (document.Name, document.Size, document.Kind, document.SharedByName));

        Assert.Equal(document, await m.MediatorTab.WaitForAsync(m.MediatorTab.Documents, d => d.DocumentId == document.DocumentId));
        Assert.Equal(document, await averyTab.WaitForAsync(averyTab.Documents, d => d.DocumentId == document.DocumentId));

        using var download = await m.Mediator.Browser.GetAsync(document.DownloadPath);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("offer.pdf", download.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal("no-store, private", download.Headers.CacheControl?.ToString());
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal([document], await m.Mediator.Browser.GetFromJsonAsync<List<DocumentDto>>(Documents(m, caucus)));
        Assert.Equal([document], await avery.Browser.GetFromJsonAsync<List<DocumentDto>>(Documents(m, caucus)));

        using var blakes = await blake.Browser.GetAsync(document.DownloadPath);
        Assert.Equal(HttpStatusCode.NotFound, blakes.StatusCode);
        Assert.DoesNotContain("40k", await blakes.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty((await blake.Browser.GetFromJsonAsync<List<DocumentDto>>(Documents(m, caucus)))!);
        // Blake's tab got nothing: a message after the share has arrived, and no document came before it.
        await m.MediatorTab.SendAsync(m.Joint, "after the document");
        await blakeTab.WaitForMessageAsync("after the document");
        Assert.Empty(blakeTab.Documents);

        // Someone who joins the caucus later was not a reader when it was shared.
        var counsel = await m.AdmitAsync("Counsel", "Advisor", "Claimant", caucus);
        using var counsels = await counsel.Browser.GetAsync(document.DownloadPath);
        Assert.Equal(HttpStatusCode.NotFound, counsels.StatusCode);
        using var stranger = server.NewBrowser();
        using var strangers = await stranger.GetAsync(document.DownloadPath);
        Assert.Equal(HttpStatusCode.Unauthorized, strangers.StatusCode);
    }

    [Fact]
    public async Task OnlyThoseWhoMayWriteInTheRoomShareIntoIt()
    {
        await using var m = await Mediation.OpenAsync(server);
        var caucus = m.CaucusOf("Claimant");
        var avery = await m.AdmitAsync("Avery", "Party", "Claimant", caucus);
        var blake = await m.AdmitAsync("Blake", "Party", "Respondent", m.CaucusOf("Respondent"));
        var waiting = await m.InviteAsync("Waiting", "Party", "Claimant");
        await waiting.AcceptAgreementAsync(m.SessionId);
        var gone = await m.AdmitAsync("Gone", "Advisor", "Claimant", caucus);
        await m.MediatorTab.Invoke(nameof(ISessionHub.Remove), gone.ParticipantId);

        foreach (var (who, person, room, status, reason) in new[]
        {
            ("a party into another side's caucus", blake, caucus, HttpStatusCode.Forbidden, "NotEntitled"),
            ("a party into the joint room they are not in", avery, m.Joint, HttpStatusCode.Forbidden, "NotEntitled"),
            ("a person in the lobby", waiting, caucus, HttpStatusCode.Forbidden, "NotEntitled"),
            ("a removed person", gone, caucus, HttpStatusCode.Forbidden, "NotEntitled"),
            ("an unknown room", avery, Guid.NewGuid().ToString("N"), HttpStatusCode.NotFound, "UnknownRoom"),
            ("a malformed room", avery, "not-a-room", HttpStatusCode.NotFound, "UnknownRoom"),
        })
        {
            using var refused = await ShareAsync(person, m, room, Pdf);
            Assert.True(refused.StatusCode == status, $"{who}: {refused.StatusCode}");
            Assert.Equal(reason, (await refused.Content.ReadFromJsonAsync<ErrorResponse>())!.Error);
        }
        Assert.Empty((await m.Mediator.Browser.GetFromJsonAsync<List<DocumentDto>>(Documents(m, caucus)))!);
        using var unknownSession = await avery.Browser.PostAsync($"/api/sessions/{Guid.NewGuid():N}/rooms/{caucus}/documents?name=a.pdf", new ByteArrayContent(Pdf));
        Assert.Equal(HttpStatusCode.NotFound, unknownSession.StatusCode);
        using var unknownDocument = await m.Mediator.Browser.GetAsync($"{Documents(m, caucus)}/{Guid.NewGuid():N}");
        Assert.Equal(HttpStatusCode.NotFound, unknownDocument.StatusCode);
        Assert.Equal("UnknownItem", (await unknownDocument.Content.ReadFromJsonAsync<ErrorResponse>())!.Error);
    }

    [Fact]
    public async Task EmptyOversizeAndDisguisedFilesAreRefusedWithASentenceAndNothingIsStored()
    {
        await using var m = await Mediation.OpenAsync(server);
        var caucus = m.CaucusOf("Claimant");
        var avery = await m.AdmitAsync("Avery", "Party", "Claimant", caucus);
        var oversize = new byte[DocumentLimits.MaxBytes + 1];
        Pdf.CopyTo(oversize, 0);
        byte[] program = [.. "MZ"u8, 0x90, 0, 3, 0, 0, 0];

        foreach (var (what, content, name, status, reason, sentence) in new[]
        {
            ("empty", Array.Empty<byte>(), "empty.pdf", HttpStatusCode.BadRequest, "EmptyDocument", "The file is empty"),
            ("oversize", oversize, "big.pdf", HttpStatusCode.RequestEntityTooLarge, "DocumentTooLarge", "larger than 10 MB"),
            ("a program named .pdf", program, "statement.pdf", HttpStatusCode.BadRequest, "DocumentTypeNotAllowed", "whatever its name says"),
            ("no name", Pdf, "", HttpStatusCode.BadRequest, "InvalidInput", "The file was not shared."),
            ("a path for a name", Pdf, "../../etc/passwd", HttpStatusCode.BadRequest, "InvalidInput", "without slashes"),
        })
        {
            using var refused = await ShareAsync(avery, m, caucus, content, name);
            Assert.True(refused.StatusCode == status, $"{what}: {refused.StatusCode}");
            var error = (await refused.Content.ReadFromJsonAsync<ErrorResponse>())!;
            Assert.Equal(reason, error.Error);
            Assert.Contains(sentence, error.Message, StringComparison.Ordinal);
        }
        Assert.Empty((await m.Mediator.Browser.GetFromJsonAsync<List<DocumentDto>>(Documents(m, caucus)))!);
        Assert.Equal(DocumentLimits.MaxBytes, CaucusRooms.Domain.Documents.MaxBytes);
    }

    [Fact]
    public async Task ACaucusDocumentIsNotSharedAgainIntoTheJointRoomButThroughConsent()
    {
        await using var m = await Mediation.OpenAsync(server);
        var caucus = m.CaucusOf("Claimant");
        var avery = await m.AdmitAsync("Avery", "Party", "Claimant", caucus);
        await m.AdmitAsync("Blake", "Party", "Respondent", m.Joint);
        (await ShareAsync(avery, m, caucus, Pdf)).Dispose();

        await m.MoveAsync(avery, m.Joint);
        using var refused = await ShareAsync(avery, m, m.Joint, Pdf, "renamed.pdf");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var error = (await refused.Content.ReadFromJsonAsync<ErrorResponse>())!;
        Assert.Equal("NeedsConsent", error.Error);
        Assert.Contains("consent flow", error.Message, StringComparison.Ordinal);
        Assert.Empty((await m.Mediator.Browser.GetFromJsonAsync<List<DocumentDto>>(Documents(m, m.Joint)))!);

        // A different file is shared into the joint room as usual.
        using var other = await ShareAsync(avery, m, m.Joint, Encoding.UTF8.GetBytes("Agenda: repairs, deposit."), "agenda.txt");
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        Assert.Equal("PlainText", (await other.Content.ReadFromJsonAsync<DocumentDto>())!.Kind);
    }

    [Fact]
    public async Task AfterTheSessionClosesNobodyDownloadsItsDocumentsOrSharesMore()
    {
        await using var m = await Mediation.OpenAsync(server);
        var caucus = m.CaucusOf("Claimant");
        var avery = await m.AdmitAsync("Avery", "Party", "Claimant", caucus);
        using var shared = await ShareAsync(avery, m, caucus, Pdf);
        var document = (await shared.Content.ReadFromJsonAsync<DocumentDto>())!;

        await m.MediatorTab.Invoke(nameof(ISessionHub.CloseSession));

        using var after = await m.Mediator.Browser.GetAsync(document.DownloadPath);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
        using var refused = await ShareAsync(m.Mediator, m, caucus, Pdf);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("SessionClosed", (await refused.Content.ReadFromJsonAsync<ErrorResponse>())!.Error);
    }
}
