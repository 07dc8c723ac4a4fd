using System.Text.Json.Serialization;
using CaucusRooms.Contracts;
using CaucusRooms.Domain;

namespace CaucusRooms.Server.Connections;

/// <summary>
/// One hub event with its DTO, addressed to people: what a stored change (or a sent message) tells them. A closed set,
/// one record per <see cref="ISessionClient"/> event a change or a send makes, so a whole batch can cross to the other
/// nodes as one publish (JSON, the event's name as its discriminator) and each node calls the typed client with it:
/// no event name is ever a string here.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "event")]
[JsonDerivedType(typeof(MessageNotice), nameof(ISessionClient.MessageReceived))]
[JsonDerivedType(typeof(RosterNotice), nameof(ISessionClient.MediaRosterChanged))]
[JsonDerivedType(typeof(StateNotice), nameof(ISessionClient.StateChanged))]
[JsonDerivedType(typeof(ConsentNotice), nameof(ISessionClient.ConsentChanged))]
[JsonDerivedType(typeof(AskNotice), nameof(ISessionClient.MediatorAskedFor))]
[JsonDerivedType(typeof(TimerNotice), nameof(ISessionClient.TimerChanged))]
[JsonDerivedType(typeof(MediatorViewNotice), nameof(ISessionClient.SessionChanged))]
internal abstract record Notice(IReadOnlyList<ParticipantId> To)
{
    /// <summary>Whether <paramref name="person"/> is one of the people this notice is addressed to.</summary>
    public bool IsFor(ParticipantId person) => To.Contains(person);

    /// <summary>Calls the event on <paramref name="client"/> (a person group, or one connection).</summary>
    public abstract Task SendTo(ISessionClient client);
}

/// <summary>A stored message, to the readers fixed with it when it was sent.</summary>
internal sealed record MessageNotice(IReadOnlyList<ParticipantId> To, MessageDto Message) : Notice(To)
{
    public override Task SendTo(ISessionClient client) => client.MessageReceived(Message);
}

/// <summary>Who is in a person's room now, to that person.</summary>
internal sealed record RosterNotice(IReadOnlyList<ParticipantId> To, MediaRosterDto Roster) : Notice(To)
{
    public override Task SendTo(ISessionClient client) => client.MediaRosterChanged(Roster);
}

/// <summary>A person's own state, to that person.</summary>
internal sealed record StateNotice(IReadOnlyList<ParticipantId> To, MyStateDto State) : Notice(To)
{
    public override Task SendTo(ISessionClient client) => client.StateChanged(State);
}

/// <summary>A caucus item's consent, to the caucus's readers.</summary>
internal sealed record ConsentNotice(IReadOnlyList<ParticipantId> To, ConsentDto Consent) : Notice(To)
{
    public override Task SendTo(ISessionClient client) => client.ConsentChanged(Consent);
}

/// <summary>A party's or advisor's ask for the mediator, to the session's mediators.</summary>
internal sealed record AskNotice(IReadOnlyList<ParticipantId> To, MediatorAskedForDto Ask) : Notice(To)
{
    public override Task SendTo(ISessionClient client) => client.MediatorAskedFor(Ask);
}

/// <summary>A room's countdown, to the people located there and the mediators.</summary>
internal sealed record TimerNotice(IReadOnlyList<ParticipantId> To, RoomTimerDto Timer) : Notice(To)
{
    public override Task SendTo(ISessionClient client) => client.TimerChanged(Timer);
}

/// <summary>The whole session as one mediator sees it (with their own actions), to that mediator.</summary>
internal sealed record MediatorViewNotice(IReadOnlyList<ParticipantId> To, SessionViewDto View) : Notice(To)
{
    public override Task SendTo(ISessionClient client) => client.SessionChanged(View);
}
