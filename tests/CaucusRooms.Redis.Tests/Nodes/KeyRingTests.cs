using StackExchange.Redis;

namespace CaucusRooms.Redis.Tests.Nodes;

/// <summary>The Data Protection key ring in Redis is encrypted with the configured certificate.</summary>
[Collection(TwoNodesTestGroup.Name)]
public sealed class KeyRingTests(TwoNodes nodes)
{
    [Fact]
    public async Task EveryKeyInRedisKeyRingIsEncryptedWithTheCertificateAndNoneHoldsPlainKeyMaterial()
    {
        // A session with a party on each node: both nodes use the key ring (cookies, session data keys).
        var (m, _) = await nodes.SessionOnBothNodesAsync();
        await using var session = m;

        await using var redis = await ConnectionMultiplexer.ConnectAsync(nodes.Redis.ConnectionString).WaitAsync(Tab.Timeout);
        var keys = (await redis.GetDatabase().ListRangeAsync(RedisKeys.DataProtectionKeys).WaitAsync(Tab.Timeout)).Select(k => k.ToString()).ToList();

        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("<encryptedSecret", xml, StringComparison.Ordinal);
            Assert.Contains("EncryptedKey", xml, StringComparison.Ordinal);
            // An unencrypted key holds its secret as <masterKey …><value>base64</value></masterKey>.
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<value>", xml, StringComparison.Ordinal);
        });
    }
}

/// <summary>Outside Development, Redis mode needs a key ring certificate that can be read, and says which setting is wrong.</summary>
[Collection(RedisTestGroup.Name)]
public sealed class KeyRingStartTests(RedisFixture redis)
{
    [Theory]
    [InlineData("DataProtection:CertificatePath", "", "Set DataProtection:CertificatePath to a .pfx certificate with its private key")]
    [InlineData("DataProtection:CertificatePassword", "not the password", "DataProtection:CertificatePath names ")]
    [InlineData("DataProtection:PreviousCertificatePath", "/nonexistent/old-keyring.pfx", "DataProtection:PreviousCertificatePath names /nonexistent/old-keyring.pfx, which cannot encrypt the key ring: there is no such file.")]
    public async Task ANodeOutsideDevelopmentWithoutAUsableKeyRingCertificateRefusesToStartNamingTheSetting(string setting, string value, string sentence)
    {
        var (code, output) = await ServerNode.StartRefusedAsync(redis.Server.ConnectionString, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            [setting] = value,
        });

        Assert.NotEqual(0, code);
        Assert.Contains(sentence, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANodeOutsideDevelopmentWithTheCertificateStarts()
    {
        await using var node = await ServerNode.StartAsync(redis.Server.ConnectionString, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        });

        using var http = new HttpClient { BaseAddress = node.BaseAddress, Timeout = Tab.Timeout };
        using var ready = await http.GetAsync(new Uri("readyz", UriKind.Relative));
        Assert.True(ready.IsSuccessStatusCode, node.Output);
    }
}
