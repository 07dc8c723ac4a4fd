using CaucusRooms.Contracts;

namespace CaucusRooms.Client.Components.Chat;

/// <summary>
/// What a private (caucus) pane needs to offer the consent-to-share controls (Model Standard V) on its messages and documents. Which
/// controls a reader gets is the service's word, carried by the pane's room (<see cref="MyRoomDto.DecidesConsent"/>,
/// <see cref="MyRoomDto.AsksForConsent"/>, <see cref="MyRoomDto.RelayTo"/>). Each call returns the refusal as a sentence, or null.
/// </summary>
/// <param name="StateOf">The consent state of an item: "Asked", "Granted", "Withdrawn", or null when nothing was decided.</param>
/// <param name="SetShareable">(caucus room id, item id, approve).</param>
/// <param name="AskForConsent">(caucus room id, item id).</param>
/// <param name="Relay">(caucus room id, item id, target room id): shares exactly the approved words.</param>
/// <param name="RelayTargets">The rooms as this reader knows them, to name the targets of a relay (the pane's <see cref="MyRoomDto.RelayTo"/> says which).</param>
/// <param name="Propose">(caucus room id, item id, summary): puts a summary to the side, who approves or declines exactly those words.</param>
/// <param name="CautionForProposal">(caucus room id, item id, summary): a warning when the summary repeats other words of that room not marked shareable, or null.</param>
/// <param name="RelayDocument">(caucus room id, document id, target room id): relays a copy of a document the side approved; null where nobody relays.</param>
public sealed record ConsentOptions(
    Func<string, string?> StateOf,
    Func<string, string, bool, Task<string?>> SetShareable,
    Func<string, string, Task<string?>> AskForConsent,
    Func<string, string, string, Task<string?>> Relay,
    IReadOnlyList<MyRoomDto> RelayTargets,
    Func<string, string, string, Task<string?>>? Propose = null,
    Func<string, string, string, string?>? CautionForProposal = null,
    Func<string, string, string, Task<string?>>? RelayDocument = null)
{
    /// <summary>The words a button uses for a relay target.</summary>
    public static string TargetName(MyRoomDto room)
    {
        ArgumentNullException.ThrowIfNull(room);
        return room.Kind == "Joint" ? "Everyone" : room.Side ?? room.Label;
    }
}
