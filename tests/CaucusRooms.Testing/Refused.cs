using CaucusRooms.Contracts;
using Microsoft.AspNetCore.SignalR;

namespace CaucusRooms.Testing;

/// <summary>Reads a hub refusal the way a client does: SignalR sends "…HubException: Reason: sentence".</summary>
public static class Refused
{
    /// <summary>The refusal's reason, or the whole message when the error is no refusal (so an assertion on the reason shows it).</summary>
    public static string Reason(HubException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return HubRefusal.TryParse(e.Message, out var refusal) ? refusal.Reason : e.Message;
    }

    public static async Task<string> ReasonOf(Func<Task> call) => Reason(await Assert.ThrowsAsync<HubException>(call));
}
