using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using Microsoft.AspNetCore.SignalR;

namespace CaucusRooms.Server.Connections;

/// <summary>
/// The one place that names SignalR groups. There is one group per person, joined at connect by each of
/// their connections and never changed: everything is addressed to people, never to rooms, so a move
/// changes no group on any node.
/// </summary>
internal static class GroupNames
{
    public static string Person(ParticipantId person) => $"person:{person}";
}

/// <summary>Addresses hub events to people's person groups (one node; several nodes deliver a change's notices as one publish, <see cref="INoticeDelivery"/>).</summary>
internal static class PeopleAddresses
{
    /// <summary>Every connection of these people, on every node.</summary>
    public static ISessionClient People(this IHubClients<ISessionClient> clients, IEnumerable<ParticipantId> people) =>
        clients.Groups([.. people.Select(GroupNames.Person)]);

    /// <summary>Every connection of this person, on every node.</summary>
    public static ISessionClient Person(this IHubClients<ISessionClient> clients, ParticipantId person) =>
        clients.Group(GroupNames.Person(person));
}
