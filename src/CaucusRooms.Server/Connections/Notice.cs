using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace CaucusRooms.Server.Connections;

/// <summary>
/// One hub event with its DTO, addressed to people: what a stored change (or a sent message) tells them. A closed set,
/// one record per <see cref="ISessionClient"/> event a change or a send makes, so a whole batch is handed over at once:
/// one node calls the typed client with each (<see cref="SendTo"/>); several nodes serialize each once as the hub
/// invocation it is (<see cref="Invocation"/>) and carry those bytes to the other nodes in one publish. Each record names
/// its event once for each of the two, both from <see cref="ISessionClient"/>: no event name is ever a string here.
/// </summary>
internal abstract record Notice(IReadOnlyList<ParticipantId> To)
{
    /// <summary>Calls the event on <paramref name="client"/> (a person group, or one connection).</summary>
    public abstract Task SendTo(ISessionClient client);

    /// <summary>The same event as the hub invocation a client receives, to be serialized once for all its connections on every node.</summary>
    public abstract InvocationMessage Invocation();
}

/// <summary>A stored message, to the readers fixed with it when it was sent.</summary>
internal sealed record MessageNotice(IReadOnlyList<ParticipantId> To, MessageDto Message) : Notice(To)
{
    public override Task SendTo(ISessionClient client) => client.MessageReceived(Message);

    public override InvocationMessage Invocation() => new(nameof(ISessionClient.MessageReceived), [Message]);
}

/// <summary>Who is in a person's room now, to that person.</summary>
internal sealed record RosterNotice(IReadOnlyList<ParticipantId> To, MediaRosterDto Roster) : Notice(To)
{
    public override Task SendTo(ISessionClient client) => client.MediaRosterChanged(Roster);

    public override InvocationMessage Invocation() => new(nameof(ISessionClient.MediaRosterChanged), [Roster]);
}

/// <summary>A person's own state, to that person.</summary>
internal sealed record StateNotice(IReadOnlyList<ParticipantId> To, MyStateDto State) : Notice(To)
{
    public override Task SendTo(ISessionClient client) => client.StateChanged(State);

    public override InvocationMessage Invocation() => new(nameof(ISessionClient.StateChanged), [State]);
}

/// <summary>A caucus item's consent, to the caucus's readers.</summary>
internal sealed record ConsentNotice(IReadOnlyList<ParticipantId> To, ConsentDto Consent) : Notice(To)
{
    public override Task SendTo(ISessionClient client) => client.ConsentChanged(Consent);

    public override InvocationMessage Invocation() => new(nameof(ISessionClient.ConsentChanged), [Consent]);
}

/// <summary>A party's or advisor's ask for the mediator, to the session's mediators.</summary>
internal sealed record AskNotice(IReadOnlyList<ParticipantId> To, MediatorAskedForDto Ask) : Notice(To)
{
    public override Task SendTo(ISessionClient client) => client.MediatorAskedFor(Ask);

    public override InvocationMessage Invocation() => new(nameof(ISessionClient.MediatorAskedFor), [Ask]);
}

/// <summary>A room's countdown, to the people located there and the mediators.</summary>
internal sealed record TimerNotice(IReadOnlyList<ParticipantId> To, RoomTimerDto Timer) : Notice(To)
{
    public override Task SendTo(ISessionClient client) => client.TimerChanged(Timer);

    public override InvocationMessage Invocation() => new(nameof(ISessionClient.TimerChanged), [Timer]);
}

/// <summary>The whole session as one mediator sees it (with their own actions), to that mediator.</summary>
internal sealed record MediatorViewNotice(IReadOnlyList<ParticipantId> To, SessionViewDto View) : Notice(To)
{
    public override Task SendTo(ISessionClient client) => client.SessionChanged(View);

    public override InvocationMessage Invocation() => new(nameof(ISessionClient.SessionChanged), [View]);
}
