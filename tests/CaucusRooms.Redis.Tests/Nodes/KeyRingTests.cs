using CaucusRooms.Server.Redis;
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
        await using var m = await Mediation.OpenAsync(nodes.Node1);
        var alex = await m.InviteAsync("Alex", "Party", "Claimant", nodes.Node2);
        await m.AdmitAsync(alex, m.Joint);
        await m.Mediator.SendAsync(m.Joint, "hello");
        await alex.WaitForAsync("hello");

        await using var redis = await ConnectionMultiplexer.ConnectAsync(nodes.Redis.ConnectionString).WaitAsync(Person.Timeout);
        var keys = (await redis.GetDatabase().ListRangeAsync(RedisKeys.DataProtectionKeys).WaitAsync(Person.Timeout)).Select(k => k.ToString()).ToList();

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
    [Fact]
    public async Task ANodeOutsideDevelopmentWithoutAKeyRingCertificateRefusesToStartNamingTheSetting()
    {
        var (code, output) = await ServerNode.StartRefusedAsync(redis.Server.ConnectionString, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DataProtection:CertificatePath"] = "",
        });

        Assert.NotEqual(0, code);
        Assert.Contains("Set DataProtection:CertificatePath to a .pfx certificate with its private key", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANodeWithTheWrongCertificatePasswordRefusesToStartNamingTheSettingAndTheFile()
    {
        var (code, output) = await ServerNode.StartRefusedAsync(redis.Server.ConnectionString, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DataProtection:CertificatePassword"] = "not the password",
        });

        Assert.NotEqual(0, code);
        Assert.Contains($"DataProtection:CertificatePath names {KeyRingCertificate.Path}, which cannot encrypt the key ring", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANodeOutsideDevelopmentWithTheCertificateStarts()
    {
        await using var node = await ServerNode.StartAsync(redis.Server.ConnectionString, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        });

        using var http = new HttpClient { BaseAddress = node.BaseAddress, Timeout = Person.Timeout };
        using var ready = await http.GetAsync(new Uri("readyz", UriKind.Relative));
        Assert.True(ready.IsSuccessStatusCode, node.Output);
    }
}
