using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using CaucusRooms.Server.Infrastructure;

namespace CaucusRooms.Server.Video;

/// <summary>STUN/TURN servers (<c>Ice:*</c>), for example <c>Ice:StunUrls:0=stun:turn.example.org:3478</c>.</summary>
internal sealed class IceOptions : IValidatableObject
{
    public const string Section = "Ice";

    [EachIceUrl("stun", "stuns")]
    public List<string> StunUrls { get; } = [];

    [EachIceUrl("turn", "turns")]
    public List<string> TurnUrls { get; } = [];

    /// <summary>The secret shared with coturn (<c>static-auth-secret</c>).</summary>
    public string? TurnSharedSecret { get; set; }

    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan TurnCredentialLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// With TURN configured, media goes only through it: browsers use relay-only ICE and the relay
    /// of signals drops every candidate that is not a relay one, so nobody learns another's address.
    /// </summary>
    [MemberNotNullWhen(true, nameof(TurnSharedSecret))]
    public bool RelayOnly => TurnUrls.Count > 0 && !string.IsNullOrEmpty(TurnSharedSecret);

    // TURN servers without the secret would quietly leave video peer to peer, every browser's addresses shown to the others.
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (TurnUrls.Count > 0 && string.IsNullOrEmpty(TurnSharedSecret))
            yield return new($"{Section}:{nameof(TurnSharedSecret)} must be set when {Section}:{nameof(TurnUrls)} is: without it video would not go through TURN.");
    }
}
