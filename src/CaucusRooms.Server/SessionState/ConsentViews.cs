using CaucusRooms.Contracts;
using CaucusRooms.Domain;

namespace CaucusRooms.Server.SessionState;

/// <summary>Consent as the side and the mediators see it.</summary>
internal static class ConsentViews
{
    public static ConsentDto ToDto(ItemConsent c) =>
        new(c.Caucus.ToString(), c.ItemId.ToString("N"), c.State.ToString(), c.At, c.ProposalOf?.ToString("N"));

    /// <summary>The item whose consent an event changed, or null.</summary>
    public static Guid? ItemOf(SessionEvent e) => e switch
    {
        ConsentAsked x => x.ItemId,
        ConsentGranted x => x.ItemId,
        ConsentWithdrawn x => x.ItemId,
        _ => null,
    };
}
