using CaucusRooms.Server.Audit;
using CaucusRooms.Server.Documents;
using Microsoft.Extensions.DependencyInjection;

namespace CaucusRooms.Server.Tests.Sessions;

/// <summary>
/// The mediator who closes the session is answered: the close also closes the mediator's own connection, but only after
/// the call has answered, however long its aftermath takes (here a purge at close that takes a second, as a loaded
/// machine or a slow disk would). Closing a fixed 250 ms after the notices cut that call off with "connection closed".
/// </summary>
public sealed class ClosingMediatorsAckTests(SlowPurgeServerFixture server) : IClassFixture<SlowPurgeServerFixture>
{
    [Fact]
    public async Task TheMediatorWhoClosesTheSessionGetsTheAckAndThenTheirConnectionCloses()
    {
        await using var m = await Mediation.OpenAsync(server);
        var (_, aliceTab) = await m.JoinAsync("Alice", "Party", "Claimant", m.Joint);

        await m.MediatorTab.Hub.CloseSession();

        // The slow purge had finished when the ack came (not a clock compare: a 1 s timer may fire a millisecond early).
        Assert.True(SlowPurge.Finished(m.SessionId), "The close answered before its slow purge ran: this test proves nothing.");
        Assert.Equal("closed", (await aliceTab.WaitForStateAsync(s => s.Reason == "closed")).Reason);
        await Rooms.WhoReceivesWhatTests.WaitUntilClosedAsync(m.MediatorTab);
        await Rooms.WhoReceivesWhatTests.WaitUntilClosedAsync(aliceTab);
        await Eventually.TrueAsync(() => server.Services.GetRequiredService<Server.Connections.CallsInFlight>().Connections == 0,
            Tab.Timeout, "every closed connection's count of calls to be forgotten");
    }
}

/// <summary>The hub server whose purge at close takes a second longer than usual (the documents' part of it).</summary>
public sealed class SlowPurgeServerFixture : HubServerFixture
{
    protected override void MoreServices(IServiceCollection services) =>
        services.AddSingleton<IPurgedWithMessages>(sp => new SlowPurge(sp.GetRequiredService<IDocumentStore>()));
}

/// <summary>The documents' purge, a second late.</summary>
internal sealed class SlowPurge(IPurgedWithMessages documents) : IPurgedWithMessages
{
    public static readonly TimeSpan Takes = TimeSpan.FromSeconds(1);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> Done = new();

    /// <summary>Whether this purge ran to its end for the session.</summary>
    public static bool Finished(string sessionId) => Done.ContainsKey(Guid.Parse(sessionId).ToString());

    public async Task PurgeAsync(Domain.SessionId session, CancellationToken ct = default)
    {
        await Task.Delay(Takes, ct);
        await documents.PurgeAsync(session, ct);
        Done[session.Value.ToString()] = 0;
    }
}
