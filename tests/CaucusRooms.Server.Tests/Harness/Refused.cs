using Microsoft.AspNetCore.SignalR;

namespace CaucusRooms.Server.Tests.Harness;

/// <summary>Reads a hub refusal the way a client does: SignalR sends "…HubException: Reason: sentence".</summary>
public static class Refused
{
    public static string Reason(HubException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var text = e.Message;
        var at = text.IndexOf("HubException: ", StringComparison.Ordinal);
        var rest = at < 0 ? text : text[(at + "HubException: ".Length)..];
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? rest : rest[..colon];
    }

    public static async Task<string> ReasonOf(Func<Task> call) => Reason(await Assert.ThrowsAsync<HubException>(call));
}
