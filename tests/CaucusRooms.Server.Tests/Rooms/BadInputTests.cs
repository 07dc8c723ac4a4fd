using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace CaucusRooms.Server.Tests.Rooms;

/// <summary>Bad input gets a clear error, loses nothing, leaks nothing, and the server stays up.</summary>
public sealed class BadInputTests(HubServerFixture server) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task UnknownAndMalformedIdsAreRefusedClearly()
    {
        await using var m = await Mediation.OpenAsync(server);
        var alice = await m.AdmitAsync("Alice", "Party", "Claimant", m.Joint);

        Assert.Equal("UnknownParticipant", await Refused.ReasonOf(() => m.MediatorTab.Hub.Move(Guid.NewGuid().ToString("N"), m.Joint)));
        Assert.Equal("UnknownParticipant", await Refused.ReasonOf(() => m.MediatorTab.Hub.Move("not-an-id", m.Joint)));
        Assert.Equal("UnknownRoom", await Refused.ReasonOf(() => m.MediatorTab.Hub.Move(alice.ParticipantId, Guid.NewGuid().ToString())));
        Assert.Equal("NotEntitled", await Refused.ReasonOf(() => m.MediatorTab.SendAsync("'; DROP TABLE rooms; --", "x")));
    }

    [Fact]
    public async Task AnotherSessionsIdsMeanNothingHere()
    {
        await using var mine = await Mediation.OpenAsync(server);
        await using var theirs = await Mediation.OpenAsync(server, HubServerFixture.OtherMediatorName, "Other matter");
        var theirParty = await theirs.AdmitAsync("Tess", "Party", "Claimant", theirs.Joint);
        var theirTab = await theirParty.OpenTabAsync(theirs.SessionId);

        Assert.Equal("UnknownParticipant", await Refused.ReasonOf(() => mine.MediatorTab.Hub.Move(theirParty.ParticipantId, mine.CaucusOf("Claimant"))));
        Assert.Equal("NotEntitled", await Refused.ReasonOf(() => mine.MediatorTab.SendAsync(theirs.Joint, "wrong-session-canary")));
        Assert.Equal("NotEntitled", await Refused.ReasonOf(() => mine.MediatorTab.Hub.GetHistory(theirs.Joint, 0L)));
        // A mediator of one session is a stranger to another: no hub connection, no HTTP view.
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => mine.Mediator.OpenTabAsync(theirs.SessionId));
        using var view = await mine.Mediator.Browser.GetAsync($"/api/sessions/{theirs.SessionId}");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, view.StatusCode);
        // A party signed in for one session cannot connect to another.
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => theirParty.OpenTabAsync(mine.SessionId));
        await theirTab.BarrierAsync();
        Assert.False(theirTab.Saw("wrong-session-canary"));
    }

    [Fact]
    public async Task AnOverlongMessageIsRefusedWithTheLimitAndNothingIsStored()
    {
        await using var m = await Mediation.OpenAsync(server);
        var text = new string('x', HubPaths.MaxMessageLength + 1);

        var error = await Assert.ThrowsAsync<HubException>(() => m.MediatorTab.SendAsync(m.Joint, text));

        Assert.Contains("at most 4000 characters", error.Message, StringComparison.Ordinal);
        Assert.Empty(await m.MediatorTab.Hub.GetHistory(m.Joint, 0L));
        Assert.Equal(1, (await m.MediatorTab.SendAsync(m.Joint, new string('y', HubPaths.MaxMessageLength))).Seq);
    }

    [Fact]
    public async Task AnOversizeFrameClosesOnlyThatConnectionAndTheServerStaysUp()
    {
        await using var m = await Mediation.OpenAsync(server);
        var (alice, aliceTab) = await m.JoinAsync("Alice", "Party", "Claimant", m.Joint);

        // The server closes the connection (the documented answer to an oversize frame), not a timeout.
        var closed = await Assert.ThrowsAsync<HubException>(() => aliceTab.SendAsync(m.Joint, new string('z', 200_000)));
        Assert.Contains("The server closed the connection", closed.Message, StringComparison.Ordinal);
        await WhoReceivesWhatTests.WaitUntilClosedAsync(aliceTab);

        await m.MediatorTab.SendAsync(m.Joint, "still serving");
        var history = await m.MediatorTab.Hub.GetHistory(m.Joint, 0L);
        Assert.Equal(["still serving"], history.Select(x => x.Text));
    }

    [Fact]
    public async Task MalformedCallsGetAnErrorAndTheConnectionKeepsWorking()
    {
        await using var m = await Mediation.OpenAsync(server);

        await Assert.ThrowsAsync<HubException>(() => m.MediatorTab.Invoke("NoSuchMethod", "x"));
        await Assert.ThrowsAsync<HubException>(() => m.MediatorTab.Invoke(nameof(ISessionHub.SendMessage), m.Joint));
        await Assert.ThrowsAsync<HubException>(() => m.MediatorTab.Invoke(nameof(ISessionHub.GetHistory), m.Joint, "not a number"));
        await Assert.ThrowsAsync<HubException>(() => m.MediatorTab.Hub.SendMessage(m.Joint, "", "empty client id"));
        await Assert.ThrowsAsync<HubException>(() => m.MediatorTab.Hub.SendMessage(m.Joint, "id-1", "   "));

        Assert.Equal(HubConnectionState.Connected, m.MediatorTab.Connection.State);
        Assert.Equal(1, (await m.MediatorTab.SendAsync(m.Joint, "after the junk")).Seq);
    }

    [Fact]
    public async Task AFloodingClientIsRateLimitedWhileOthersKeepBeingServed()
    {
        await using var m = await Mediation.OpenAsync(server);
        var (alice, flooder) = await m.JoinAsync("Alice", "Party", "Claimant", m.Joint);
        var (bob, bobTab) = await m.JoinAsync("Bob", "Party", "Respondent", m.Joint);

        var flood = Enumerable.Range(0, 400).Select(i => Outcome(flooder.SendAsync(m.CaucusOf("Claimant"), $"flood {i}"))).ToList();
        var bobAck = await bobTab.SendAsync(m.Joint, "bob is still heard");
        var outcomes = await Task.WhenAll(flood);

        Assert.True(bobAck.Seq >= 1);
        Assert.Contains("RateLimited", outcomes);
        Assert.Contains("ok", outcomes);
        Assert.All(outcomes, o => Assert.True(o is "ok" or "RateLimited", o));
        // Nothing refused was stored: history holds exactly the acknowledged sends.
        var stored = await m.MediatorTab.Hub.GetHistory(m.CaucusOf("Claimant"), 0L);
        Assert.Equal(outcomes.Count(o => o == "ok"), stored.Count(x => x.Text.StartsWith("flood", StringComparison.Ordinal)));
    }

    private static async Task<string> Outcome(Task<SendAck> send)
    {
        try
        {
            await send;
            return "ok";
        }
        catch (HubException e)
        {
            return Refused.Reason(e);
        }
    }
}
