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

/// <summary>One node: the readers' person groups.</summary>
internal sealed class PersonGroupDelivery(ISessionClients hub) : IMessageDelivery
{
    public Task DeliverAsync(SessionId session, IReadOnlyList<ParticipantId> readers, MessageDto message) =>
        hub.Clients.People(readers).MessageReceived(message);
}
