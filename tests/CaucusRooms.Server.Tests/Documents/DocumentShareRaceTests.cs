namespace CaucusRooms.Server.Tests.Documents;

/// <summary>
/// A share decided at the same moment as another change: it is decided and stored under the session's lock, on the
/// session as it is then, so its readers are the room's at the moment it is stored — whichever change the lock let in
/// first, as the audit trail's order shows.
/// </summary>
public sealed class DocumentShareRaceTests(HubServerFixture server) : IClassFixture<HubServerFixture>
{
    private const int Rounds = 6;

    private static async Task<List<AuditEntryDto>> TrailAsync(Mediation m) =>
        (await m.Mediator.Browser.GetFromJsonAsync<List<AuditEntryDto>>($"/api/sessions/{m.SessionId}/audit"))!;

    [Fact]
    public async Task AShareDuringAMoveHasTheReadersOfTheRoomWhenItWasStored()
    {
        await using var m = await Mediation.OpenAsync(server);
        var avery = await m.AdmitAsync("Avery", "Party", "Claimant", m.Joint);
        var blake = await m.AdmitAsync("Blake", "Party", "Respondent", m.Joint);

        for (var round = 0; round < Rounds; round++)
        {
            var blakeLeaves = round % 2 == 0;
            var share = SharedDocuments.ShareAsync(avery.Browser, m.SessionId, m.Joint, SharedDocuments.Pdf($"round {round}"), $"round-{round}.pdf");
            var move = m.MoveAsync(blake, blakeLeaves ? m.RespondentCaucus : m.Joint);
            await Task.WhenAll(share, move);
            using var shared = await share;
            Assert.Equal(HttpStatusCode.Created, shared.StatusCode);
            var document = (await shared.Content.ReadFromJsonAsync<DocumentDto>())!;

            var trail = await TrailAsync(m);
            var storedAt = trail.FindLastIndex(e => e.Kind == "DocumentShared" && e.ItemId == document.DocumentId);
            var movedAt = trail.FindLastIndex(e => e.Kind == "Moved" && e.TargetId == blake.ParticipantId);
            Assert.True(storedAt >= 0 && movedAt >= 0 && storedAt != movedAt, $"round {round}: both changes are in the trail");
            var blakeWasThere = blakeLeaves ? storedAt < movedAt : storedAt > movedAt;
            using var download = await blake.Browser.GetAsync(document.DownloadPath);
            // Blake reads it in the joint room's documents only if he was there when it was stored; where he is now never matters.
            Assert.True((blakeWasThere ? HttpStatusCode.OK : HttpStatusCode.NotFound) == download.StatusCode,
                $"round {round}: stored {(storedAt < movedAt ? "before" : "after")} Blake's move, download {download.StatusCode}");
        }
    }

    [Fact]
    public async Task TheSameFileSharedInACaucusAndTheJointRoomAtOnceNeverReachesTheJointRoomAfterTheCaucusCopy()
    {
        await using var m = await Mediation.OpenAsync(server);
        var avery = await m.AdmitAsync("Avery", "Party", "Claimant", m.ClaimantCaucus);
        await m.AdmitAsync("Blake", "Party", "Respondent", m.Joint);

        for (var round = 0; round < Rounds; round++)
        {
            var content = SharedDocuments.Pdf($"the same file, round {round}");
            var toCaucus = SharedDocuments.ShareAsync(avery.Browser, m.SessionId, m.ClaimantCaucus, content, "mine.pdf");
            var toJoint = SharedDocuments.ShareAsync(m.Mediator.Browser, m.SessionId, m.Joint, content, "copy.pdf");
            await Task.WhenAll(toCaucus, toJoint);
            using var caucus = await toCaucus;
            using var joint = await toJoint;
            Assert.Equal(HttpStatusCode.Created, caucus.StatusCode);
            var caucusCopy = (await caucus.Content.ReadFromJsonAsync<DocumentDto>())!;

            var trail = await TrailAsync(m);
            var caucusAt = trail.FindIndex(e => e.Kind == "DocumentShared" && e.ItemId == caucusCopy.DocumentId);
            if (joint.StatusCode == HttpStatusCode.Created)
            {
                // Allowed only because the joint room's copy was stored first: then the caucus copy is nothing new to the joint room.
                var jointCopy = (await joint.Content.ReadFromJsonAsync<DocumentDto>())!;
                Assert.True(trail.FindIndex(e => e.Kind == "DocumentShared" && e.ItemId == jointCopy.DocumentId) < caucusAt, $"round {round}: joint copy stored after the caucus copy");
            }
            else
            {
                Assert.Equal(HttpStatusCode.Conflict, joint.StatusCode);
                Assert.Equal("NeedsConsent", (await joint.Content.ReadFromJsonAsync<ErrorResponse>())!.Error);
            }
        }
    }
}
