using Microsoft.AspNetCore.SignalR.Client;

namespace CaucusRooms.Server.Tests.Rooms;

/// <summary>
/// The who-receives-what matrix: every person, in every role and location, sends in every room;
/// exactly the people entitled to that room at that moment receive it, and nobody else receives
/// anything containing it. The expected table is written out here, independently of the server.
/// </summary>
public sealed class WhoReceivesWhatTests(HubServerFixture server) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task EachMessageReachesExactlyThePeopleEntitledToItsRoom()
    {
        await using var m = await Mediation.OpenAsync(server);
        var alice = await m.AdmitAsync("Alice", "Party", "Claimant", m.Joint);
        var abe = await m.AdmitAsync("Abe", "Advisor", "Claimant", m.CaucusOf("Claimant"));
        var bob = await m.AdmitAsync("Bob", "Party", "Respondent", m.Joint);
        var bea = await m.AdmitAsync("Bea", "Advisor", "Respondent", m.CaucusOf("Respondent"));
        var lou = await m.InviteAsync("Lou", "Party", "Claimant");
        await lou.AcceptAgreementAsync(m.SessionId);
        var rex = await m.AdmitAsync("Rex", "Party", "Respondent", m.Joint);

        var tabs = new Dictionary<string, Tab>
        {
            ["Mediator"] = m.MediatorTab,
            ["Alice"] = await alice.OpenTabAsync(m.SessionId),
            ["Abe"] = await abe.OpenTabAsync(m.SessionId),
            ["Bob"] = await bob.OpenTabAsync(m.SessionId),
            ["Bea"] = await bea.OpenTabAsync(m.SessionId),
            ["Lou (lobby)"] = await lou.OpenTabAsync(m.SessionId),
        };
        var rexTab = await rex.OpenTabAsync(m.SessionId);
        await m.MediatorTab.Hub.Remove(rex.ParticipantId);
        await WaitUntilClosedAsync(rexTab);

        var entitled = new Dictionary<string, string[]>
        {
            [m.Joint] = ["Mediator", "Alice", "Bob"],
            [m.CaucusOf("Claimant")] = ["Mediator", "Alice", "Abe"],
            [m.CaucusOf("Respondent")] = ["Mediator", "Bob", "Bea"],
            [m.MediatorsRoom] = ["Mediator"],
        };

        var sent = new List<(string Room, string Sender, string Canary)>();
        foreach (var (room, readers) in entitled)
        {
            foreach (var (sender, tab) in tabs)
            {
                var canary = $"canary-{Guid.NewGuid():N}";
                if (readers.Contains(sender))
                {
                    await tab.SendAsync(room, canary);
                    sent.Add((room, sender, canary));
                }
                else
                {
                    Assert.Equal("NotEntitled", await Refused.ReasonOf(() => tab.SendAsync(room, canary)));
                    sent.Add((room, "(refused) " + sender, canary));
                }
            }
        }

        foreach (var tab in tabs.Values) await tab.BarrierAsync();
        foreach (var (room, sender, canary) in sent)
        {
            foreach (var (reader, tab) in tabs)
            {
                var shouldReceive = !sender.StartsWith("(refused)", StringComparison.Ordinal) && entitled[room].Contains(reader);
                Assert.True(shouldReceive == tab.Saw(canary),
                    $"{sender} sent in {RoomName(m, room)}: {reader} {(shouldReceive ? "did not receive it" : "received it")}");
                Assert.All(tab.Messages.Where(x => x.Text == canary), x => Assert.Equal(room, x.RoomId));
            }
            Assert.False(rexTab.Saw(canary), "a removed person received a message");
        }
        Assert.Empty(tabs["Lou (lobby)"].Messages);
    }

    [Fact]
    public async Task ARemovedPersonsConnectionsCloseAndTheyCannotReconnectOrRedeemAgain()
    {
        await using var m = await Mediation.OpenAsync(server);
        var (rex, tab1) = await m.JoinAsync("Rex", "Party", "Respondent", m.Joint);
        var tab2 = await rex.OpenTabAsync(m.SessionId);

        await m.MediatorTab.Hub.Remove(rex.ParticipantId);

        await WaitUntilClosedAsync(tab1);
        await WaitUntilClosedAsync(tab2);
        Assert.Contains(tab1.States, s => s is { Location: "Gone", Reason: "removed" });
        Assert.Contains(tab2.States, s => s is { Location: "Gone", Reason: "removed" });
        // Refused at negotiation, not merely slow: a timeout would be another exception.
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => rex.OpenTabAsync(m.SessionId));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.StatusCode);
        using var redeem = await rex.RedeemAsync(rex.InviteCode);
        Assert.Equal(System.Net.HttpStatusCode.Gone, redeem.StatusCode);
    }

    internal static async Task WaitUntilClosedAsync(Tab tab)
    {
        var state = await Eventually.ValueAsync(() => Task.FromResult(tab.Connection.State), s => s == HubConnectionState.Disconnected, Tab.Timeout);
        Assert.Equal(HubConnectionState.Disconnected, state);
    }

    private static string RoomName(Mediation m, string room) =>
        m.Rooms.Single(r => r.RoomId == room) is var r ? $"{r.Kind} {r.Side}".Trim() : room;
}
