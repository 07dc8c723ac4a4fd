using CaucusRooms.Contracts;
using CaucusRooms.Domain;

namespace CaucusRooms.Server.Connections;

/// <summary>
/// How a stored message reaches its readers: every connection of each of them, on every node, and no other connection.
/// The readers are the message's own, fixed and stored with it when it was sent; nothing here decides them again.
/// </summary>
internal interface IMessageDelivery
{
    Task DeliverAsync(SessionId session, IReadOnlyList<ParticipantId> readers, MessageDto message);
}

/// <summary>
/// How a stored change's notices reach the people they are addressed to: every connection of each of them, on every
/// node, in the order of the batch, and no other connection. A change hands all its notices over at once, so that on
/// several nodes they cross as one publish instead of one per person.
/// </summary>
internal interface INoticeDelivery
{
    Task DeliverAsync(SessionId session, IReadOnlyList<Notice> notices);
}

/// <summary>One node: each message and notice to its people's person groups, started in the batch's order.</summary>
internal sealed class PersonGroupDelivery(ISessionClients hub) : IMessageDelivery, INoticeDelivery
{
    public Task DeliverAsync(SessionId session, IReadOnlyList<ParticipantId> readers, MessageDto message) =>
        hub.Clients.People(readers).MessageReceived(message);

    /// <summary>Each write is started before the next (a connection's writes keep the order they were made in); then all are awaited.</summary>
    public Task DeliverAsync(SessionId session, IReadOnlyList<Notice> notices)
    {
        ArgumentNullException.ThrowIfNull(notices);
        return Task.WhenAll(notices.Select(n => n.SendTo(hub.Proxies.People(n.To))).ToList());
    }
}
