using System.Net;
using StackExchange.Redis;

namespace CaucusRooms.Redis.Tests.Nodes;

/// <summary>
/// Documents with two nodes on one redis-server: shared through node 1, told to and downloaded by its readers on node 2,
/// a 404 for everyone else there, relayed onward through the consent flow from either node, and gone from both at close.
/// </summary>
[Collection(TwoNodesTestGroup.Name)]
public sealed class DocumentsAcrossNodesTests(TwoNodes nodes)
{
    private const string Canary = "deposit held back: 1200";
    private static readonly byte[] Pdf = SharedDocuments.Pdf(Canary);

    [Fact]
    public async Task ADocumentSharedOnOneNodeReachesItsReadersOnTheOtherIsRefusedToOthersThereAndGoesWithTheSession()
    {
        var (m, alex) = await nodes.SessionOnBothNodesAsync();
        await using var _ = m;
        var bree = await m.InviteToLobbyAsync("Bree", "Party", "Respondent", nodes.Node2);
        await m.AdmitAsync(bree, m.Joint);
        await m.MoveAsync(alex, m.ClaimantCaucus);
        await alex.Tab.WaitForStateAsync(s => s.RoomId == m.ClaimantCaucus);

        using var shared = await SharedDocuments.ShareAsync(m.Mediator.Browser, m.SessionId, m.ClaimantCaucus, Pdf, "deposit.pdf");
        Assert.Equal(HttpStatusCode.Created, shared.StatusCode);
        var document = (await shared.Content.ReadFromJsonAsync<DocumentDto>())!;

        // Alex, on node 2, is told and downloads the same bytes there.
        Assert.Equal(document, await alex.Tab.WaitForAsync(alex.Tab.Documents, d => d.DocumentId == document.DocumentId));
        using (var download = await alex.Browser.GetAsync(document.DownloadPath))
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
        }
        // Bree, on node 2 too, was no reader: a 404 without a word of it, an empty list, no event.
        using (var refused = await bree.Browser.GetAsync(document.DownloadPath))
        {
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            Assert.DoesNotContain(Canary, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Empty((await bree.Browser.GetFromJsonAsync<List<DocumentDto>>(SharedDocuments.Path(m.SessionId, m.ClaimantCaucus)))!);
        // The share is in the trail (written in the same script as the session), read on the other node: kind and size, no name.
        var trail = (await m.Mediator.BrowserAt(nodes.Node2.BaseAddress).GetFromJsonAsync<List<AuditEntryDto>>($"api/sessions/{m.SessionId}/audit"))!;
        var entry = Assert.Single(trail, e => e.Kind == "DocumentShared");
        Assert.Equal((document.DocumentId, "Caucus Claimant", $"Pdf, {Pdf.Length} bytes"), (entry.ItemId, entry.To, entry.Detail));
        Assert.DoesNotContain(trail, e => $"{e.Detail}{e.To}{e.From}".Contains("deposit", StringComparison.Ordinal));

        // The mediator shared it, so the side decides only once asked (on node 1); Alex consents on node 2; the mediator relays
        // on node 1; Bree, in the joint room on node 2, gets the copy only.
        Assert.Equal("NotEntitled", await Refused.ReasonOf(() => alex.Tab.Hub.SetShareable(m.ClaimantCaucus, document.DocumentId, true)));
        await m.MediatorTab.Hub.AskForConsent(m.ClaimantCaucus, document.DocumentId);
        await alex.Tab.Hub.SetShareable(m.ClaimantCaucus, document.DocumentId, true);
        var copy = await m.MediatorTab.Hub.RelaySharedDocument(m.ClaimantCaucus, document.DocumentId, m.Joint);
        await bree.Tab.WaitForAsync(bree.Tab.Documents, d => d.DocumentId == copy.DocumentId);
        using (var download = await bree.Browser.GetAsync(copy.DownloadPath))
            Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.DoesNotContain(bree.Tab.Documents, d => d.DocumentId == document.DocumentId);

        await m.MediatorTab.Hub.CloseSession();

        // Purged at close (the default): nothing left in Redis, and neither node serves either file to anyone.
        using var redis = await ConnectionMultiplexer.ConnectAsync(nodes.Redis.ConnectionString).WaitAsync(TimeSpan.FromSeconds(10));
        var session = new Domain.SessionId(Guid.Parse(m.SessionId));
        Assert.False(await redis.GetDatabase().KeyExistsAsync(RedisKeys.SessionDocuments(session)));
        foreach (var id in new[] { document.DocumentId, copy.DocumentId })
            Assert.False(await redis.GetDatabase().KeyExistsAsync(RedisKeys.SessionDocument(session, Guid.Parse(id))));
        foreach (var node in new[] { nodes.Node1, nodes.Node2 })
            foreach (var (person, file) in new[] { (m.Mediator, document), (m.Mediator, copy), (alex, document), (bree, copy) })
            {
                using var gone = await person.BrowserAt(node.BaseAddress).GetAsync(file.DownloadPath);
                Assert.True(gone.StatusCode == HttpStatusCode.NotFound, $"{person.Name} on {node.BaseAddress}: {gone.StatusCode}");
            }
    }
}
