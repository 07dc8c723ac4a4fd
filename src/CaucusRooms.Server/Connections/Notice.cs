using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace CaucusRooms.Server.Connections;

/// <summary>
/// One hub event with its DTO, addressed to people: what a stored change (or a sent message) tells them. A closed set,
/// one record per <see cref="ISessionClient"/> event a change or a send makes, so a whole batch is handed over at once.
/// Each record names its event once, as the hub invocation it is (<see cref="Invocation"/>, the name taken from
/// <see cref="ISessionClient"/>: no event name is ever a string here): one node sends it to person groups
/// (<see cref="SendTo"/>); several nodes serialize it once and carry those bytes to the other nodes in one publish.
/// </summary>
internal abstract record Notice(IReadOnlyList<ParticipantId> To)
{
    /// <summary>The event as the hub invocation a client receives.</summary>
    public abstract InvocationMessage Invocation();

    /// <summary>Calls the event on <paramref name="client"/> (a person group, or one connection), as the typed client would.</summary>
    public Task SendTo(IClientProxy client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var invocation = Invocation();
        return client.SendCoreAsync(invocation.Target, invocation.Arguments);
    }
}

/// <summary>A stored message, to the readers fixed with it when it was sent.</summary>
internal sealed record MessageNotice(IReadOnlyList<ParticipantId> To, MessageDto Message) : Notice(To)
{
    public override InvocationMessage Invocation() => new(nameof(ISessionClient.MessageReceived), [Message]);
}

/// <summary>Who is in a person's room now, to that person.</summary>
internal sealed record RosterNotice(IReadOnlyList<ParticipantId> To, MediaRosterDto Roster) : Notice(To)
{
    public override InvocationMessage Invocation() => new(nameof(ISessionClient.MediaRosterChanged), [Roster]);
}

/// <summary>A person's own state, to that person.</summary>
internal sealed record StateNotice(IReadOnlyList<ParticipantId> To, MyStateDto State) : Notice(To)
{
    public override InvocationMessage Invocation() => new(nameof(ISessionClient.StateChanged), [State]);
}

/// <summary>A caucus item's consent, to the caucus's readers.</summary>
internal sealed record ConsentNotice(IReadOnlyList<ParticipantId> To, ConsentDto Consent) : Notice(To)
{
    public override InvocationMessage Invocation() => new(nameof(ISessionClient.ConsentChanged), [Consent]);
}

/// <summary>A party's or advisor's ask for the mediator, to the session's mediators.</summary>
internal sealed record AskNotice(IReadOnlyList<ParticipantId> To, MediatorAskedForDto Ask) : Notice(To)
{
    public override InvocationMessage Invocation() => new(nameof(ISessionClient.MediatorAskedFor), [Ask]);
}

/// <summary>A room's countdown, to the people located there and the mediators.</summary>
internal sealed record TimerNotice(IReadOnlyList<ParticipantId> To, RoomTimerDto Timer) : Notice(To)
{
    public override InvocationMessage Invocation() => new(nameof(ISessionClient.TimerChanged), [Timer]);
}

/// <summary>The whole session as one mediator sees it (with their own actions), to that mediator.</summary>
internal sealed record MediatorViewNotice(IReadOnlyList<ParticipantId> To, SessionViewDto View) : Notice(To)
{
    public override InvocationMessage Invocation() => new(nameof(ISessionClient.SessionChanged), [View]);
}
