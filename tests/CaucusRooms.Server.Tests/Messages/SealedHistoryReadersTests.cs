using CaucusRooms.Domain;
using CaucusRooms.Server.Messages;
using Microsoft.Extensions.DependencyInjection;

namespace CaucusRooms.Server.Tests.Messages;

/// <summary>
/// Invariant 3 once history was sealed to the room's file: a message read back from the file keeps the readers it was
/// sent with, so the hub's history still gives a party only what they were a reader of.
/// </summary>
public sealed class SealedHistoryReadersTests(SmallHotWindowServerFixture server) : IClassFixture<SmallHotWindowServerFixture>
{
    [Fact]
    public async Task APartyNeverReadsFromTheFileWhatWasSaidWhileTheyWereAway()
    {
        await using var m = await Mediation.OpenAsync(server);
        var (blake, blakeTab) = await m.JoinAsync("Blake", "Party", "Respondent", m.Joint);
        await m.MediatorTab.SendAsync(m.Joint, "first-heard");
        await m.MoveAsync(blake, m.CaucusOf("Respondent"));
        for (var i = 0; i < 130; i++) await m.MediatorTab.SendAsync(m.Joint, $"away-{i}");
        await m.MoveAsync(blake, m.Joint);
        await m.MediatorTab.SendAsync(m.Joint, "second-heard");

        var store = (InMemoryMessageStore)server.Services.GetRequiredService<IMessageStore>();
        var joint = new RoomId(Guid.Parse(m.Joint));
        Assert.NotNull(store.SpillFileOf(joint));
        Assert.InRange(store.HotCount(joint), 10, 110);
        var page = await blakeTab.Hub.GetHistory(m.Joint, 0L);

        Assert.Equal(["first-heard", "second-heard"], page.Select(x => x.Text));
        Assert.Empty(await blakeTab.Hub.GetHistory(m.Joint, page[^1].Seq));
        var mediatorPage = await m.MediatorTab.Hub.GetHistory(m.Joint, 0L);
        Assert.Equal(["first-heard", .. Enumerable.Range(0, 130).Select(i => $"away-{i}"), "second-heard"], mediatorPage.Select(x => x.Text));
        Assert.Equal(Enumerable.Range(1, 132).Select(i => (long)i), mediatorPage.Select(x => x.Seq));
    }
}

/// <summary>The hub server with a hot window of 10 messages per room, so a short session already seals history to file.</summary>
public sealed class SmallHotWindowServerFixture : HubServerFixture
{
    protected override IReadOnlyDictionary<string, string?> MoreSettings { get; } = new Dictionary<string, string?>
    {
        ["InMemory:HotMessagesPerRoom"] = "10",
        ["Hub:RateLimit:PermitsPerSecond"] = "1000",
        ["Hub:RateLimit:Burst"] = "1000",
    };
}
