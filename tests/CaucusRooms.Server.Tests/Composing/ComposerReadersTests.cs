namespace CaucusRooms.Server.Tests.Composing;

/// <summary>
/// A composer's "To:" line comes from the server: the readers it tells a person for a room are exactly the readers a
/// message sent there gets, they follow every move, and nobody learns anything about a room they may not write in.
/// </summary>
public sealed class ComposerReadersTests(HubServerFixture server) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task TheReadersAPersonIsToldForARoomAreExactlyThoseWhoReceiveWhatTheySendThere()
    {
        await using var m = await Mediation.OpenAsync(server);
        var (avery, averyTab) = await m.JoinAsync("Avery", "Party", "Claimant", m.Joint);
        var (blake, blakeTab) = await m.JoinAsync("Blake", "Advisor", "Claimant", m.CaucusOf("Claimant"));
        var (riley, rileyTab) = await m.JoinAsync("Riley", "Party", "Respondent", m.Joint);

        var roster = await averyTab.Invoke<MediaRosterDto>(nameof(ISessionHub.GetMediaRoster));
        var jointReaders = Names(roster, m.Joint);
        Assert.Equal(["Avery", "Riley", HubServerFixture.MediatorName], jointReaders);
        Assert.Equal(["Avery", "Blake", HubServerFixture.MediatorName], Names(roster, m.CaucusOf("Claimant")));
        Assert.Equal([m.Joint, m.CaucusOf("Claimant")], roster.Readers!.Select(r => r.RoomId));

        await averyTab.SendAsync(m.Joint, "Can we start with the timeline?");
        var tabs = new Dictionary<string, Tab> { ["Avery"] = averyTab, ["Blake"] = blakeTab, ["Riley"] = rileyTab, [HubServerFixture.MediatorName] = m.MediatorTab };
        foreach (var reader in jointReaders) await tabs[reader].WaitForMessageAsync("timeline");
        await blakeTab.BarrierAsync();
        Assert.False(blakeTab.Saw("timeline"));

        // Riley leaves the joint room: Avery's composer there now writes to Avery and the mediator only.
        await m.MoveAsync(riley, m.CaucusOf("Respondent"));
        var after = await averyTab.WaitForAsync(averyTab.Rosters, r => r.Version > roster.Version && Names(r, m.Joint).SequenceEqual(["Avery", HubServerFixture.MediatorName]));
        Assert.Equal(["Avery", "Blake", HubServerFixture.MediatorName], Names(after, m.CaucusOf("Claimant")));

        // Riley, in her private room, is told the readers of that room alone: nothing about the Claimant side.
        var rileys = await rileyTab.WaitForAsync(rileyTab.Rosters, r => r.RoomId == m.CaucusOf("Respondent"));
        Assert.Equal([m.CaucusOf("Respondent")], rileys.Readers!.Select(r => r.RoomId));
        Assert.Equal(["Riley", HubServerFixture.MediatorName], Names(rileys, m.CaucusOf("Respondent")));
        Assert.DoesNotContain(rileyTab.Rosters, r => (r.Readers ?? []).SelectMany(x => x.People).Any(p => p.ParticipantId == blake.ParticipantId));
        Assert.NotEqual(avery.ParticipantId, riley.ParticipantId);
    }

    private static IReadOnlyList<string> Names(MediaRosterDto roster, string roomId) =>
        [.. roster.Readers!.Single(r => r.RoomId == roomId).People.Select(p => p.DisplayName).Order(StringComparer.Ordinal)];
}
