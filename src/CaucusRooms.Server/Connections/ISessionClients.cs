using CaucusRooms.Contracts;
using Microsoft.AspNetCore.SignalR;

namespace CaucusRooms.Server.Connections;

/// <summary>
/// The session hub's clients and groups, for the code that sends hub events. The hub itself
/// (<c>Hubs/SessionHub</c>) calls into every feature, so the features reach its clients through this and
/// never name the hub type; <c>SessionHubClients</c> is the hub's context behind it.
/// </summary>
internal interface ISessionClients
{
    IHubClients<ISessionClient> Clients { get; }

    /// <summary>The same clients, called with an event's name and arguments (a <see cref="Notice"/>'s invocation).</summary>
    IHubClients Proxies { get; }

    IGroupManager Groups { get; }
}
