using CaucusRooms.Contracts;
using CaucusRooms.Server.Connections;
using Microsoft.AspNetCore.SignalR;

namespace CaucusRooms.Server.Hubs;

/// <summary>The session hub's context, as the features below the hub see it.</summary>
internal sealed class SessionHubClients(IHubContext<SessionHub, ISessionClient> hub, IHubContext<SessionHub> proxies) : ISessionClients
{
    public IHubClients<ISessionClient> Clients => hub.Clients;

    public IHubClients Proxies => proxies.Clients;

    public IGroupManager Groups => hub.Groups;
}
