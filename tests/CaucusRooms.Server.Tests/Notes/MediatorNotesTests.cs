namespace CaucusRooms.Server.Tests.Notes;

/// <summary>
/// The mediator's private notes over real HTTP: saved whole as the mediator types, read and exported by the session's
/// mediators only, never cached, refused when too long (the earlier notes kept), and purged with the session.
/// </summary>
public sealed class MediatorNotesTests(HubServerFixture server) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task AMediatorsNotesAreSavedReadBackAndExportedAsATextFileNobodyCaches()
    {
        await using var m = await Mediation.OpenAsync(server);
        var notes = $"/api/sessions/{m.SessionId}/notes";

        var empty = await m.Mediator.Browser.GetFromJsonAsync<MediatorNotesDto>(notes);
        Assert.Equal(new MediatorNotesDto("", null, null), empty);

        using var saved = await m.Mediator.Browser.PutAsJsonAsync(notes, new SaveNotesRequest("Claimant may move on the deposit.\nAsk about repairs."));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal("no-store, private", saved.Headers.CacheControl?.ToString());
        var read = await m.Mediator.Browser.GetFromJsonAsync<MediatorNotesDto>(notes);
        Assert.Equal("Claimant may move on the deposit.\nAsk about repairs.", read!.Text);
        Assert.Equal(HubServerFixture.MediatorName, read.SavedBy);
        Assert.NotNull(read.SavedAt);

        using var export = await m.Mediator.Browser.GetAsync($"{notes}/export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("text/plain", export.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", export.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("no-store, private", export.Headers.CacheControl?.ToString());
        var file = await export.Content.ReadAsStringAsync();
        Assert.StartsWith("Private notes — Smith v. Jones", file, StringComparison.Ordinal);
        Assert.EndsWith("Claimant may move on the deposit.\nAsk about repairs.", file, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NobodyButTheSessionsMediatorsReadsOrWritesItsNotes()
    {
        await using var m = await Mediation.OpenAsync(server);
        var party = await m.AdmitAsync("Pat", "Party", "Claimant", m.Joint);
        var notes = $"/api/sessions/{m.SessionId}/notes";
        (await m.Mediator.Browser.PutAsJsonAsync(notes, new SaveNotesRequest("Pat's bottom line is 40k."))).Dispose();
        var otherMediator = new Person(server, HubServerFixture.OtherMediatorName);
        await otherMediator.SignInAsync(HubServerFixture.OtherMediatorName, HubServerFixture.Password);
        using var stranger = server.NewBrowser();

        foreach (var (who, browser, status) in new[] { ("party", party.Browser, HttpStatusCode.NotFound), ("a mediator of another session", otherMediator.Browser, HttpStatusCode.NotFound), ("a stranger", stranger, HttpStatusCode.Unauthorized) })
        {
            foreach (var path in new[] { notes, $"{notes}/export" })
            {
                using var answer = await browser.GetAsync(path);
                Assert.True(answer.StatusCode == status, $"{who} GET {path}: {answer.StatusCode}");
                Assert.DoesNotContain("40k", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }
        using var partyWrite = await party.Browser.PutAsJsonAsync(notes, new SaveNotesRequest("overwritten"));
        Assert.Equal(HttpStatusCode.Forbidden, partyWrite.StatusCode);
        Assert.Equal("NotAMediator", (await partyWrite.Content.ReadFromJsonAsync<ErrorResponse>())!.Error);
        using var strangerWrite = await stranger.PutAsJsonAsync(notes, new SaveNotesRequest("overwritten"));
        Assert.Equal(HttpStatusCode.Unauthorized, strangerWrite.StatusCode);
        Assert.Equal("Pat's bottom line is 40k.", (await m.Mediator.Browser.GetFromJsonAsync<MediatorNotesDto>(notes))!.Text);
        await otherMediator.DisposeAsync();
    }

    [Fact]
    public async Task NotesTooLongOrMissingAreRefusedWithASentenceAndTheEarlierNotesKept()
    {
        await using var m = await Mediation.OpenAsync(server);
        var notes = $"/api/sessions/{m.SessionId}/notes";
        (await m.Mediator.Browser.PutAsJsonAsync(notes, new SaveNotesRequest("Kept."))).Dispose();

        foreach (var bad in new[] { new SaveNotesRequest(new string('x', MediatorNotesLimits.MaxLength + 1)), new SaveNotesRequest(null) })
        {
            using var refused = await m.Mediator.Browser.PutAsJsonAsync(notes, bad);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var error = (await refused.Content.ReadFromJsonAsync<ErrorResponse>())!;
            Assert.Equal("InvalidInput", error.Error);
            Assert.Contains("They were not saved.", error.Message, StringComparison.Ordinal);
        }
        Assert.Equal("Kept.", (await m.Mediator.Browser.GetFromJsonAsync<MediatorNotesDto>(notes))!.Text);
    }

    [Fact]
    public async Task ClosingTheSessionPurgesItsNotesAndNobodyWritesThemAfter()
    {
        await using var m = await Mediation.OpenAsync(server);
        var notes = $"/api/sessions/{m.SessionId}/notes";
        (await m.Mediator.Browser.PutAsJsonAsync(notes, new SaveNotesRequest("Settled at 35k."))).Dispose();

        await m.MediatorTab.Invoke(nameof(ISessionHub.CloseSession));

        // The default retention purges at close: the mediator who ran it may still ask, and finds nothing left.
        var after = await m.Mediator.Browser.GetFromJsonAsync<MediatorNotesDto>(notes);
        Assert.Equal("", after!.Text);
        using var write = await m.Mediator.Browser.PutAsJsonAsync(notes, new SaveNotesRequest("too late"));
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal("", (await m.Mediator.Browser.GetFromJsonAsync<MediatorNotesDto>(notes))!.Text);
    }
}
