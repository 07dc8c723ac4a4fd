namespace CaucusRooms.Domain;

/// <summary>
/// Consent to share (Model Standard V, invariant 10): what is said in a caucus crosses to another room only as
/// words its side approved — the item itself, or a mediator's summary the side approved verbatim — and only
/// while that approval stands.
/// </summary>
public sealed partial class MediationSession
{
    private readonly Dictionary<Guid, ItemConsent> _consents = [];

    /// <summary>The consent of every item anyone asked about, granted or proposed, in no particular order.</summary>
    public IEnumerable<ItemConsent> Consents => _consents.Values;

    /// <summary>The consent of one item, or null when nothing was asked or decided.</summary>
    public ItemConsent? ConsentOf(Guid itemId) => _consents.GetValueOrDefault(itemId);

    /// <summary>A mediator asks the side whether an item of its caucus may be shared.</summary>
    public Outcome AskForConsent(ParticipantId actor, CaucusItem item, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (ActingMediator(actor) is { } refused) return Outcome.Refused(refused);
        if (!Entitlements.MayAskForConsent(this, actor, item.Caucus))
            return Outcome.Refused(RefusalReason.NotAMediator, "Only a mediator asks a side for consent, and only about an item of that side's private room.");
        var current = ConsentOf(item.Id);
        if (current?.ProposalOf is not null) return Outcome.Refused(RefusalReason.NoChange, "A proposal is already a question to the side.");
        if (current?.State is ConsentState.Granted) return Outcome.Refused(RefusalReason.NoChange, "That side already said it may be shared.");
        if (current?.State is ConsentState.Asked) return Outcome.Refused(RefusalReason.NoChange, "That side was already asked.");

        _consents[item.Id] = new ItemConsent(item.Id, item.Caucus, item.SaidBy, item.WordsDigest, ConsentState.Asked, null, at);
        return Accept(v => new ConsentAsked(v, at, actor, item.Id, item.Caucus, ProposalOf: null));
    }

    /// <summary>
    /// A mediator proposes to share a summary of an item: the summary (<paramref name="proposal"/>, said by the mediator in
    /// the same caucus) is put to the side, and crosses only once the side approves exactly its words.
    /// </summary>
    public Outcome ProposeSummary(ParticipantId actor, CaucusItem proposal, CaucusItem summarized, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        ArgumentNullException.ThrowIfNull(summarized);
        if (ActingMediator(actor) is { } refused) return Outcome.Refused(refused);
        if (!Entitlements.MayAskForConsent(this, actor, summarized.Caucus) || proposal.Caucus != summarized.Caucus || proposal.SaidBy != actor)
            return Outcome.Refused(RefusalReason.NotAMediator, "Only a mediator proposes a summary, in the private room of the side that said the item.");
        if (ConsentOf(summarized.Id)?.ProposalOf is not null)
            return Outcome.Refused(RefusalReason.InvalidInput, "Propose a summary of what the side said, not of another proposal.");
        if (_consents.ContainsKey(proposal.Id)) return Outcome.Refused(RefusalReason.NoChange, "That proposal was already made.");

        _consents[proposal.Id] = new ItemConsent(proposal.Id, proposal.Caucus, actor, proposal.WordsDigest, ConsentState.Asked, summarized.Id, at);
        return Accept(v => new ConsentAsked(v, at, actor, proposal.Id, proposal.Caucus, summarized.Id));
    }

    /// <summary>
    /// A party or advisor of the item's side approves sharing exactly its words, or declines / takes the approval back.
    /// What a mediator said in the caucus (a proposal included) may be approved only after a mediator put it to the side.
    /// </summary>
    public Outcome DecideConsent(ParticipantId actor, CaucusItem item, bool approve, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (ClosedRefusal() is { } closed) return Outcome.Refused(closed);
        if (!Entitlements.MayDecideConsent(this, actor, item.Caucus))
            return Outcome.Refused(RefusalReason.NotEntitled, "Only the side that said it can decide whether it may be shared.");
        var current = ConsentOf(item.Id);
        if (approve && !Entitlements.MayGrantConsent(this, actor, item.Caucus, item.SaidBy, mediatorAsked: current is not null))
            return Outcome.Refused(RefusalReason.NotEntitled, "The mediator has to ask your side before sharing what the mediator said here.");
        var next = approve ? ConsentState.Granted : ConsentState.Withdrawn;
        if (current?.State == next || (!approve && current is null))
            return Outcome.Refused(RefusalReason.NoChange, approve ? "It is already marked as shareable." : "It is not marked as shareable.");

        _consents[item.Id] = new ItemConsent(item.Id, item.Caucus, item.SaidBy, current?.WordsDigest ?? item.WordsDigest, next, current?.ProposalOf, at);
        return Accept(v => approve
            ? new ConsentGranted(v, at, actor, item.Id, item.Caucus)
            : new ConsentWithdrawn(v, at, actor, item.Id, item.Caucus));
    }

    /// <summary>
    /// A mediator relays an item into the joint room or another side's caucus: only while its side's decision on
    /// exactly these words (<paramref name="wordsDigest"/>) is "approved".
    /// </summary>
    public Outcome Relay(ParticipantId actor, Guid itemId, RoomId to, string wordsDigest, DateTimeOffset at)
    {
        if (ActingMediator(actor) is { } refused) return Outcome.Refused(refused);
        if (ConsentOf(itemId) is not { } consent || consent.State != ConsentState.Granted)
            return Outcome.Refused(RefusalReason.NotShareable, "That item is not marked as shareable by the side that said it.");
        if (!Entitlements.MayRelay(this, actor, consent.Caucus, to))
            return Outcome.Refused(RefusalReason.NotEntitled, "Only a mediator relays, only out of a private room, into the joint room or another side's private room.");
        if (!string.Equals(consent.WordsDigest, wordsDigest, StringComparison.Ordinal))
            return Outcome.Refused(RefusalReason.NotApproved, "Only the exact words the side approved can be shared; propose a summary to the side first.");
        return Accept(v => new ItemRelayed(v, at, actor, itemId, consent.Caucus, to, wordsDigest));
    }

    private void RestoreConsents(IEnumerable<ItemConsent>? consents)
    {
        foreach (var c in consents ?? []) _consents[c.ItemId] = c;
    }
}
