namespace CaucusRooms.Domain;

/// <summary>The result of an operation on a session: the event it produced, or a refusal.</summary>
public sealed record Outcome
{
    private Outcome(SessionEvent? @event, Refusal? refusal)
    {
        Event = @event;
        Refusal = refusal;
    }

    /// <summary>The event of an accepted operation; null when refused.</summary>
    public SessionEvent? Event { get; }

    /// <summary>Why the operation was refused; null when accepted.</summary>
    public Refusal? Refusal { get; }

    /// <summary>True when the operation was accepted.</summary>
    public bool IsAccepted => Refusal is null;

    /// <summary>An accepted outcome.</summary>
    public static Outcome Accepted(SessionEvent @event) => new(@event, null);

    /// <summary>A refused outcome.</summary>
    public static Outcome Refused(RefusalReason reason, string message) => new(null, new Refusal(reason, message));

    /// <summary>A refused outcome.</summary>
    public static Outcome Refused(Refusal refusal) => new(null, refusal);

    /// <inheritdoc />
    public override string ToString() => IsAccepted ? $"Accepted {Event}" : $"Refused {Refusal}";
}
