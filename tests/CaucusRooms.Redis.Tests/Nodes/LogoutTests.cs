using System.Net;
using Microsoft.AspNetCore.SignalR.Client;

namespace CaucusRooms.Redis.Tests.Nodes;

/// <summary>With Redis the sign-in cookie names a ticket stored there, so a logout on one node ends that sign-in on every node.</summary>
[Collection(TwoNodesTestGroup.Name)]
public sealed class LogoutTests(TwoNodes nodes)
{
    [Fact]
    public async Task ACopyOfTheCookieTakenBeforeLogoutSignsInOnNoNodeAndOpenHubConnectionsStayOpen()
    {
        await using var m = await Mediation.OpenAsync(nodes.Node1);
        await using var copy = new Person(nodes.Node1, "a copy of the mediator's cookie");
        copy.CopyCookiesFrom(m.Mediator, nodes.Node1.BaseAddress);
        using (var before = await copy.BrowserAt(nodes.Node2.BaseAddress).GetAsync(new Uri("api/me", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        using (var logout = await m.Mediator.BrowserAt(nodes.Node1.BaseAddress).PostAsync(new Uri("api/auth/logout", UriKind.Relative), null))
            Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);

        foreach (var node in new[] { nodes.Node1, nodes.Node2 })
        {
            using var me = await copy.BrowserAt(node.BaseAddress).GetAsync(new Uri("api/me", UriKind.Relative));
            Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => copy.OpenTabAsync(m.SessionId, node.BaseAddress));
        }
        // Logout does not close connections opened before it: they end when the sign-in runs out.
        Assert.Equal(HubConnectionState.Connected, m.MediatorTab.Connection.State);
        Assert.Equal(m.Mediator.ParticipantId, (await m.MediatorTab.Hub.GetState()).ParticipantId);
    }
}
