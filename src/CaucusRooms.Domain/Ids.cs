namespace CaucusRooms.Domain;

/// <summary>Identifies one mediation session. Unguessable (a random GUID).</summary>
public readonly record struct SessionId(Guid Value)
{
    /// <summary>A new random session id.</summary>
    public static SessionId New() => new(Guid.NewGuid());

    /// <inheritdoc />
    public override string ToString() => Value.ToString("N");
}

/// <summary>Identifies one room of a session (joint, a caucus, or the mediators' room).</summary>
public readonly record struct RoomId(Guid Value)
{
    /// <summary>A new random room id.</summary>
    public static RoomId New() => new(Guid.NewGuid());

    /// <inheritdoc />
    public override string ToString() => Value.ToString("N");
}

/// <summary>Identifies one person within one session.</summary>
public readonly record struct ParticipantId(Guid Value)
{
    /// <summary>A new random participant id.</summary>
    public static ParticipantId New() => new(Guid.NewGuid());

    /// <inheritdoc />
    public override string ToString() => Value.ToString("N");
}

/// <summary>Identifies one side of a session (for example the claimant's side).</summary>
public readonly record struct SideId(Guid Value)
{
    /// <summary>A new random side id.</summary>
    public static SideId New() => new(Guid.NewGuid());

    /// <inheritdoc />
    public override string ToString() => Value.ToString("N");
}
