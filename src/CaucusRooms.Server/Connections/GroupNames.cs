using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.Infrastructure;
using Microsoft.AspNetCore.SignalR;

namespace CaucusRooms.Server.Connections;

/// <summary>
/// The one place that names SignalR groups. There is one group per person, joined at connect by each of
/// their connections and never changed: everything is addressed to people, never to rooms, so a move
/// changes no group on any node.
/// </summary>
internal static class GroupNames
{
    /// <summary>Names remembered at most; beyond it the memory starts afresh (a name is only ever made again, never wrong).</summary>
    public const int MaxRemembered = 16_384;

    // Every send addresses each of its readers by name: a person's name is made once, not once per send.
    private static readonly BoundedMemo<ParticipantId, string> Names = new(static p => $"person:{p}", MaxRemembered);

    public static string Person(ParticipantId person) => Names.Of(person);
}

/// <summary>Addresses hub events to people's person groups (one node; several nodes deliver a change's notices as one publish, <see cref="INoticeDelivery"/>).</summary>
internal static class PeopleAddresses
{
    /// <summary>Every connection of these people, on every node (the typed client, or the proxy a notice's invocation is sent with).</summary>
    public static T People<T>(this IHubClients<T> clients, IEnumerable<ParticipantId> people)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(people);
        if (people is not IReadOnlyList<ParticipantId> list) return clients.Groups([.. people.Select(GroupNames.Person)]);
        // A message's readers are a list: their names straight into an array of the right size.
        var names = new string[list.Count];
        for (var i = 0; i < names.Length; i++) names[i] = GroupNames.Person(list[i]);
        return clients.Groups(names);
    }

    /// <summary>Every connection of this person, on every node.</summary>
    public static ISessionClient Person(this IHubClients<ISessionClient> clients, ParticipantId person) =>
        clients.Group(GroupNames.Person(person));
}
