namespace CaucusRooms.Server.Tests.Video;

/// <summary>The hub server with TURN configured: relay-only ICE, and signals relayed without anyone's address.</summary>
public sealed class RelayOnlyServerFixture : HubServerFixture
{
    public const string TurnUrl = "turn:127.0.0.1:3478?transport=udp";
    public const string SharedSecret = "test-only-turn-secret";

    protected override IReadOnlyDictionary<string, string?> MoreSettings { get; } = new Dictionary<string, string?>
    {
        ["Ice:TurnUrls:0"] = TurnUrl,
        ["Ice:TurnSharedSecret"] = SharedSecret,
    };
}
