using System.Diagnostics.CodeAnalysis;

namespace CaucusRooms.Server.Video;

/// <summary>STUN/TURN servers (<c>Ice:*</c>), for example <c>Ice:StunUrls:0=stun:turn.example.org:3478</c>.</summary>
internal sealed class IceOptions
{
    public List<string> StunUrls { get; } = [];

    public List<string> TurnUrls { get; } = [];

    /// <summary>The secret shared with coturn (<c>static-auth-secret</c>).</summary>
    public string? TurnSharedSecret { get; set; }

    public TimeSpan TurnCredentialLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// With TURN configured, media goes only through it: browsers use relay-only ICE and the relay
    /// of signals drops every candidate that is not a relay one, so nobody learns another's address.
    /// </summary>
    [MemberNotNullWhen(true, nameof(TurnSharedSecret))]
    public bool RelayOnly => TurnUrls.Count > 0 && !string.IsNullOrEmpty(TurnSharedSecret);
}
