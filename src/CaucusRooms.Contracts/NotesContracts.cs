namespace CaucusRooms.Contracts;

/// <summary>The session's private notes, which only its mediators ever read (<c>/api/sessions/{id}/notes</c>).</summary>
/// <param name="Text">The notes as last saved; empty before the first save.</param>
/// <param name="SavedAt">When they were last saved, or null if never.</param>
/// <param name="SavedBy">The display name of the mediator who saved them last, or null.</param>
public sealed record MediatorNotesDto(string Text, DateTimeOffset? SavedAt, string? SavedBy);

/// <summary>Saves the session's private notes whole (the last save wins).</summary>
/// <param name="Text">At most <see cref="MediatorNotesLimits.MaxLength"/> characters; empty clears them.</param>
public sealed record SaveNotesRequest(string? Text);

/// <summary>Limits of the mediator's private notes.</summary>
public static class MediatorNotesLimits
{
    /// <summary>The longest notes accepted, in characters.</summary>
    public const int MaxLength = 100_000;
}
