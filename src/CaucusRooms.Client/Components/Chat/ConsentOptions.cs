using CaucusRooms.Contracts;

namespace CaucusRooms.Client.Components.Chat;

/// <summary>
/// What a private (caucus) pane needs to offer the consent-to-share controls (Model Standard V).
/// Each call returns the refusal as a sentence, or null.
/// </summary>
/// <param name="IsMediator">The reader is a mediator: they ask for consent and relay granted items.</param>
/// <param name="MySide">The reader's side (parties and advisors); only that side's private room gets the grant and take-back buttons.</param>
/// <param name="StateOf">The consent state of an item: "Asked", "Granted", "Withdrawn", or null when nothing was decided.</param>
/// <param name="SetShareable">(caucus room id, item id, shareable).</param>
/// <param name="AskForConsent">(caucus room id, item id).</param>
/// <param name="Relay">(caucus room id, item id, target room id, summary or null).</param>
/// <param name="RelayTargets">Where a mediator may relay: the joint room and the sides' private rooms (the item's own room is left out).</param>
public sealed record ConsentOptions(
    bool IsMediator,
    string? MySide,
    Func<string, string?> StateOf,
    Func<string, string, bool, Task<string?>> SetShareable,
    Func<string, string, Task<string?>> AskForConsent,
    Func<string, string, string, string?, Task<string?>> Relay,
    IReadOnlyList<MyRoomDto> RelayTargets)
{
    /// <summary>The words a button uses for a relay target.</summary>
    public static string TargetName(MyRoomDto room)
    {
        ArgumentNullException.ThrowIfNull(room);
        return room.Kind == "Joint" ? "Everyone" : room.Side ?? room.Label;
    }
}
