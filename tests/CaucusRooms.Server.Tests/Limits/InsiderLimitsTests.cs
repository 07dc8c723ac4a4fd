using Microsoft.AspNetCore.SignalR;

namespace CaucusRooms.Server.Tests.Limits;

/// <summary>The service with its default limits per person, and the accounts the harness signs in with.</summary>
public sealed class DefaultLimitsServerFixture : ServerFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = TestSettings.Accounts().ToDictionary();
}

/// <summary>
/// Limits against an insider: one person gets one person's share of the service, however many windows or devices they
/// open — at most five connections, one budget of sends, asks and consent calls — and asking again changes nothing.
/// </summary>
public sealed class InsiderLimitsTests(DefaultLimitsServerFixture server) : IClassFixture<DefaultLimitsServerFixture>
{
    [Fact]
    public async Task ASixthConnectionOfOnePersonIsRefusedWithAReasonAndTheOthersKeepWorking()
    {
        await using var m = await Mediation.OpenAsync(server);
        var (alice, first) = await m.JoinAsync("Alice", "Party", "Claimant", m.Joint);
        var tabs = new List<Tab> { first };
        for (var i = 0; i < 4; i++) tabs.Add(await alice.OpenTabAsync(m.SessionId));

        var refused = await RefusedConnectAsync(alice, m.SessionId);

        Assert.Contains("TooManyConnections: You already have 5 windows or devices connected", refused, StringComparison.Ordinal);
        foreach (var tab in tabs) await tab.BarrierAsync();
        await tabs[0].DisposeAsync();
        var again = await alice.OpenTabAsync(m.SessionId);
        Assert.Equal(m.Joint, (await again.WaitForStateAsync(s => s.Location == "Room")).RoomId);
    }

    [Fact]
    public async Task SendsAreCountedPerPersonSoMoreWindowsBuyNoMoreMessages()
    {
        await using var m = await Mediation.OpenAsync(server);
        var (alice, first) = await m.JoinAsync("Alice", "Party", "Claimant", m.Joint);
        var tabs = new List<Tab> { first };
        for (var i = 0; i < 4; i++) tabs.Add(await alice.OpenTabAsync(m.SessionId));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        // 5 windows × 30 sends: each window stays within its own limit (burst 60), the person does not (burst 60 in all).
        var results = await Task.WhenAll(tabs.SelectMany(tab => Enumerable.Range(0, 30).Select(i => Outcome(() => tab.SendAsync(m.CaucusOf("Claimant"), $"flood {i}")))));
        var elapsed = clock.Elapsed;

        var accepted = results.Count(r => r is null);
        Assert.All(results.Where(r => r is not null), r => Assert.StartsWith("RateLimited", r, StringComparison.Ordinal));
        Assert.InRange(accepted, 60, 60 + (int)Math.Ceiling(elapsed.TotalSeconds * 20) + 1);
        Assert.Equal(accepted, (await m.MediatorTab.Hub.GetHistory(m.CaucusOf("Claimant"), 0L)).Count);
        Assert.Equal(1, (await m.MediatorTab.SendAsync(m.Joint, "the mediator is not slowed by Alice's flood")).Seq);
    }

    [Fact]
    public async Task AskingAgainWhileTheAskIsPendingChangesNothingUntilTheMediatorComes()
    {
        await using var m = await Mediation.OpenAsync(server);
        var (alice, tab) = await m.JoinAsync("Alice", "Party", "Claimant", m.CaucusOf("Claimant"));

        await tab.Hub.AskForMediator();
        var version = (await tab.Hub.GetState()).Version;
        Assert.Equal("NoChange", await Refused.ReasonOf(() => tab.Hub.AskForMediator()));
        Assert.Equal("NoChange", await Refused.ReasonOf(() => tab.Hub.AskForMediator()));

        Assert.Equal(version, (await tab.Hub.GetState()).Version);
        var heard = await m.MediatorTab.WaitForAsync(m.MediatorTab.Asks, _ => true);
        await m.MediatorTab.BarrierAsync();
        Assert.Single(m.MediatorTab.Asks);
        Assert.Single(await TrailAsync(m), e => e.Kind == "MediatorAskedFor");

        // The mediator comes into Alice's room: the ask is answered, and a new one is heard.
        await m.MediatorTab.Hub.Move(m.MediatorTab.LastState!.ParticipantId, m.CaucusOf("Claimant"));
        await tab.Hub.AskForMediator();
        await m.MediatorTab.WaitForAsync(m.MediatorTab.Asks, a => a.At > heard.At);
        Assert.Equal(2, (await TrailAsync(m)).Count(e => e.Kind == "MediatorAskedFor"));
    }

    private static async Task<string> RefusedConnectAsync(Person person, string sessionId)
    {
        var hub = Tab.Build(person.Browser.BaseAddress!, sessionId, person.Cookies);
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += e => { closed.TrySetResult(e); return Task.CompletedTask; };
        try
        {
            await hub.StartAsync().WaitAsync(Tab.Timeout);
            return (await closed.Task.WaitAsync(Tab.Timeout))?.Message ?? "closed without a reason";
        }
        catch (Exception e) when (e is HubException or HttpRequestException or InvalidOperationException)
        {
            return e.Message;
        }
        finally
        {
            await hub.DisposeAsync();
        }
    }

    private static async Task<string?> Outcome(Func<Task> call)
    {
        try
        {
            await call();
            return null;
        }
        catch (HubException e)
        {
            return Refused.Reason(e) + ": " + e.Message;
        }
    }

    private static async Task<List<AuditEntryDto>> TrailAsync(Mediation m) =>
        (await m.Mediator.Browser.GetFromJsonAsync<List<AuditEntryDto>>($"/api/sessions/{m.SessionId}/audit"))!;
}
