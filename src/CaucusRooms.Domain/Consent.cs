namespace CaucusRooms.Domain;

/// <summary>What the side that said a caucus item decided about sharing it.</summary>
public enum ConsentState
{
    /// <summary>A mediator asked the side (or proposed these words to it); the side has not decided yet.</summary>
    Asked,

    /// <summary>The side approved sharing exactly these words.</summary>
    Granted,

    /// <summary>The side declined, or took its approval back.</summary>
    Withdrawn,
}

/// <summary>
/// A message said in a caucus, as the host found it in that room's history: the session's view of an item
/// whose sharing is being decided. Its words are known here only by a keyed digest, never as text.
/// </summary>
/// <param name="Id">The message id.</param>
/// <param name="Caucus">The caucus it was said in (from the stored message, never from a client).</param>
/// <param name="SaidBy">Who said it.</param>
/// <param name="WordsDigest">A keyed hash of its exact words.</param>
public sealed record CaucusItem(Guid Id, RoomId Caucus, ParticipantId SaidBy, string WordsDigest);

/// <summary>
/// The consent of one caucus item: its side's current decision on exactly its words. A mediator's summary is an
/// item of its own (<see cref="ProposalOf"/> names the item it summarizes), so its words need the side's approval too.
/// </summary>
/// <param name="ItemId">The item.</param>
/// <param name="Caucus">The caucus it was said in.</param>
/// <param name="SaidBy">Who said it (a mediator for a proposal).</param>
/// <param name="WordsDigest">The keyed hash of the item's exact words: the only words that may cross.</param>
/// <param name="State">The side's current decision.</param>
/// <param name="ProposalOf">For a mediator's proposed summary, the item it summarizes.</param>
/// <param name="At">When the state last changed.</param>
public sealed record ItemConsent(Guid ItemId, RoomId Caucus, ParticipantId SaidBy, string WordsDigest, ConsentState State, Guid? ProposalOf, DateTimeOffset At);
