namespace CaucusRooms.Server.Tests.Documents;

/// <summary>
/// A caucus document goes onward only through the consent flow, as a caucus message does: its side consents, a mediator
/// relays a copy whose readers are the target room's at that moment; the original's readers never change. Each share and
/// relay is one content-free audit entry.
/// </summary>
public sealed class CaucusDocumentConsentTests(HubServerFixture server) : IClassFixture<HubServerFixture>
{
    private const string Canary = "lowest rent: 900";
    private static readonly byte[] Pdf = SharedDocuments.Pdf(Canary);

    private static async Task<DocumentDto> ShareAsync(Person person, Mediation m, string room, byte[] content, string name = "rent-offer.pdf")
    {
        using var shared = await SharedDocuments.ShareAsync(person.Browser, m.SessionId, room, content, name);
        Assert.Equal(HttpStatusCode.Created, shared.StatusCode);
        return (await shared.Content.ReadFromJsonAsync<DocumentDto>())!;
    }

    private static async Task<HttpStatusCode> DownloadAsync(Person person, DocumentDto document)
    {
        using var answer = await person.Browser.GetAsync(document.DownloadPath);
        return answer.StatusCode;
    }

    private static async Task<List<AuditEntryDto>> TrailAsync(Mediation m) =>
        (await m.Mediator.Browser.GetFromJsonAsync<List<AuditEntryDto>>($"/api/sessions/{m.SessionId}/audit"))!;

    [Fact]
    public async Task ACaucusDocumentGoesOnwardOnlyAfterItsSideConsentedAsACopyForTheReadersOfThatMoment()
    {
        await using var m = await Mediation.OpenAsync(server);
        var caucus = m.ClaimantCaucus;
        var (avery, averyTab) = await m.JoinAsync("Avery", "Party", "Claimant", caucus);
        var (blake, blakeTab) = await m.JoinAsync("Blake", "Party", "Respondent", m.Joint);
        var original = await ShareAsync(avery, m, caucus, Pdf);

        Assert.Equal("NotShareable", await Refused.ReasonOf(() => m.MediatorTab.Hub.RelaySharedDocument(caucus, original.DocumentId, m.Joint)));
        await m.MediatorTab.Hub.AskForConsent(caucus, original.DocumentId);
        Assert.Equal("UnknownItem", await Refused.ReasonOf(() => blakeTab.Hub.SetShareable(caucus, original.DocumentId, true))); // another side: no such item
        Assert.Equal("NotEntitled", await Refused.ReasonOf(() => m.MediatorTab.Hub.SetShareable(caucus, original.DocumentId, true)));
        await averyTab.Hub.SetShareable(caucus, original.DocumentId, true);
        Assert.Equal("Granted", Assert.Single(await m.MediatorTab.Hub.GetConsents(caucus), c => c.MessageId == original.DocumentId).State);
        Assert.Equal("NotAMediator", await Refused.ReasonOf(() => averyTab.Hub.RelaySharedDocument(caucus, original.DocumentId, m.Joint)));

        var copy = await m.MediatorTab.Hub.RelaySharedDocument(caucus, original.DocumentId, m.Joint);

        Assert.Equal((m.Joint, original.Name, original.Size, original.DocumentId), (copy.RoomId, copy.Name, copy.Size, copy.SharedFrom?.ItemId));
        Assert.Equal("Shared from Claimant's private session, with their consent", copy.SharedFrom?.Label);
        Assert.NotEqual(original.DocumentId, copy.DocumentId);
        Assert.Equal(copy, await blakeTab.WaitForAsync(blakeTab.Documents, d => d.DocumentId == copy.DocumentId));
        using (var download = await blake.Browser.GetAsync(copy.DownloadPath))
            Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, await DownloadAsync(blake, original)); // the original's readers never change
        // Readers of the copy are the joint room's at the relay: neither someone admitted later nor Avery moved in later.
        var counsel = await m.AdmitAsync("Counsel", "Advisor", "Respondent", m.Joint);
        await m.MoveAsync(avery, m.Joint);
        Assert.Equal(HttpStatusCode.NotFound, await DownloadAsync(counsel, copy));
        Assert.Equal(HttpStatusCode.NotFound, await DownloadAsync(avery, copy));
        Assert.Equal(HttpStatusCode.OK, await DownloadAsync(avery, original));

        // A retry answers with the first copy and records nothing again; the trail names ids, rooms, kind and size, never the file.
        Assert.Equal(copy.DocumentId, (await m.MediatorTab.Hub.RelaySharedDocument(caucus, original.DocumentId, m.Joint)).DocumentId);
        var trail = await TrailAsync(m);
        var shared = Assert.Single(trail, e => e.Kind == "DocumentShared");
        Assert.Equal((avery.ParticipantId, "Caucus Claimant", original.DocumentId, $"Pdf, {Pdf.Length} bytes"), (shared.ActorId, shared.To, shared.ItemId, shared.Detail));
        var relayed = Assert.Single(trail, e => e.Kind == "Relayed");
        Assert.Equal((m.Mediator.ParticipantId, "Caucus Claimant", "Joint", original.DocumentId), (relayed.ActorId, relayed.From, relayed.To, relayed.ItemId));
        Assert.NotNull(relayed.WordsHmac);
        Assert.Contains(trail, e => e.Kind == "ConsentAsked" && e.ItemId == original.DocumentId);
        Assert.Contains(trail, e => e.Kind == "ConsentGranted" && e.ItemId == original.DocumentId);
        var text = System.Text.Json.JsonSerializer.Serialize(trail);
        Assert.DoesNotContain("rent-offer", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Canary, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADocumentOfAnotherSessionOrRoomOrOfTheJointRoomIsNoItemToShareOnward()
    {
        await using var m = await Mediation.OpenAsync(server);
        await using var other = await Mediation.OpenAsync(server, title: "Another case");
        var (avery, averyTab) = await m.JoinAsync("Avery", "Party", "Claimant", m.ClaimantCaucus);
        var (blake, blakeTab) = await m.JoinAsync("Blake", "Party", "Respondent", m.Joint);
        var (elsewhere, elsewhereTab) = await other.JoinAsync("Eli", "Party", "Claimant", other.ClaimantCaucus);
        var inCaucus = await ShareAsync(avery, m, m.ClaimantCaucus, Pdf);
        var inJoint = await ShareAsync(blake, m, m.Joint, SharedDocuments.Pdf("agenda"), "agenda.pdf");
        var ofAnotherSession = await ShareAsync(elsewhere, other, other.ClaimantCaucus, SharedDocuments.Pdf("their case"), "theirs.pdf");
        await elsewhereTab.Hub.SetShareable(other.ClaimantCaucus, ofAnotherSession.DocumentId, true);
        await averyTab.Hub.SetShareable(m.ClaimantCaucus, inCaucus.DocumentId, true);
        var hub = m.MediatorTab.Hub;

        foreach (var (what, refused) in new (string, Func<Task>)[]
        {
            ("a document of another session", () => hub.RelaySharedDocument(m.ClaimantCaucus, ofAnotherSession.DocumentId, m.Joint)),
            ("another session's room", () => hub.RelaySharedDocument(other.ClaimantCaucus, ofAnotherSession.DocumentId, m.Joint)),
            ("named from the wrong room", () => hub.RelaySharedDocument(m.RespondentCaucus, inCaucus.DocumentId, m.Joint)),
            ("a joint-room document", () => hub.RelaySharedDocument(m.Joint, inJoint.DocumentId, m.RespondentCaucus)),
            ("asking about a joint-room document", () => hub.AskForConsent(m.Joint, inJoint.DocumentId)),
            ("consenting to a joint-room document", () => blakeTab.Hub.SetShareable(m.Joint, inJoint.DocumentId, true)),
            ("an unknown document", () => hub.RelaySharedDocument(m.ClaimantCaucus, Guid.NewGuid().ToString("N"), m.Joint)),
        })
            Assert.True(await Refused.ReasonOf(refused) == "UnknownItem", what);
        Assert.Equal("InvalidInput", await Refused.ReasonOf(() => hub.ProposeSummary(m.ClaimantCaucus, inCaucus.DocumentId, "p-1", "A list of repairs.")));
        Assert.Equal("NotEntitled", await Refused.ReasonOf(() => hub.RelaySharedDocument(m.ClaimantCaucus, inCaucus.DocumentId, m.MediatorsRoom)));
        Assert.Equal("NotEntitled", await Refused.ReasonOf(() => hub.RelaySharedDocument(m.ClaimantCaucus, inCaucus.DocumentId, m.ClaimantCaucus)));

        // Nothing went anywhere: the joint room holds only its own document, and Blake was told of nothing else.
        Assert.Equal([inJoint.DocumentId], (await m.Mediator.Browser.GetFromJsonAsync<List<DocumentDto>>(SharedDocuments.Path(m.SessionId, m.Joint)))!.Select(d => d.DocumentId));
        await m.MediatorTab.SendAsync(m.Joint, "after the refusals");
        await blakeTab.WaitForMessageAsync("after the refusals");
        Assert.Equal([inJoint.DocumentId], blakeTab.Documents.Select(d => d.DocumentId));
        Assert.DoesNotContain(await TrailAsync(m), e => e.Kind == "Relayed");
    }
}
