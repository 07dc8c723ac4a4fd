namespace CaucusRooms.Domain;

/// <summary>The record of a person accepting a session's confidentiality agreement.</summary>
/// <param name="TypedName">The name the person typed as their signature.</param>
/// <param name="AgreementVersion">The version of the agreement they accepted.</param>
/// <param name="AcceptedAt">When they accepted.</param>
public sealed record AgreementAcceptance(string TypedName, int AgreementVersion, DateTimeOffset AcceptedAt);

/// <summary>A person of a session as seen from outside the aggregate (read-only).</summary>
/// <param name="Id">The person's id within this session.</param>
/// <param name="DisplayName">The only name other people see.</param>
/// <param name="Role">Mediator, party or advisor.</param>
/// <param name="Side">The side of a party or advisor; null for mediators.</param>
/// <param name="Location">Lobby slot, a room, or gone.</param>
/// <param name="Acceptance">The agreement acceptance, when given.</param>
/// <param name="IsLocked">Locked in place by a mediator: cannot be moved until unlocked.</param>
/// <param name="AskedForMediatorAt">When a party or advisor asked for the mediator, while that ask is pending (until a mediator moves them or comes into their room).</param>
public sealed record Participant(
    ParticipantId Id,
    string DisplayName,
    Role Role,
    SideId? Side,
    Location Location,
    AgreementAcceptance? Acceptance,
    bool IsLocked,
    DateTimeOffset? AskedForMediatorAt = null)
{
    /// <summary>True for mediators and co-mediators.</summary>
    public bool IsMediator => Role == Role.Mediator;

    /// <summary>True once removed (or the session closed).</summary>
    public bool IsGone => Location.Kind == LocationKind.Gone;

    /// <summary>True while waiting in their own lobby slot.</summary>
    public bool IsInLobby => Location.Kind == LocationKind.Lobby;

    /// <summary>True once admitted and not gone.</summary>
    public bool IsAdmitted => Location.Kind == LocationKind.Room;
}
