using CaucusRooms.Server.Video;

namespace CaucusRooms.Server.Tests.Video;

public sealed class TurnCredentialsTests
{
    [Fact]
    public void CredentialsFollowTheTurnRestSchemeThatCoturnChecks()
    {
        // Known answer computed outside .NET: base64(HMAC-SHA1("north-wind-secret", "1767225600:alice")).
        var (username, credential) = TurnCredentials.For("alice", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), "north-wind-secret");

        Assert.Equal("1767225600:alice", username);
        Assert.Equal("SHHX51LTVTRnmRUr0ri0luFTYc8=", credential);
    }
}
