namespace CaucusRooms.Server.Tests.Toolkit;

/// <summary>The people a mediator's tool refuses, each with a tab: Alice (a party, in the joint room), Abe (an advisor, in her side's private room) and Lou (waiting in the lobby).</summary>
internal sealed record NotMediators(Person Alice, Tab Party, Tab Advisor, Tab Lobby)
{
    public IEnumerable<Tab> Tabs => [Party, Advisor, Lobby];

    public static async Task<NotMediators> JoinAsync(Mediation m)
    {
        var (alice, party) = await m.JoinAsync("Alice", "Party", "Claimant", m.Joint);
        var (_, advisor) = await m.JoinAsync("Abe", "Advisor", "Claimant", m.CaucusOf("Claimant"));
        var lobby = await (await m.InviteAsync("Lou", "Party", "Claimant")).OpenTabAsync(m.SessionId);
        return new NotMediators(alice, party, advisor, lobby);
    }
}
