using System.Collections.Concurrent;
using CaucusRooms.Server.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CaucusRooms.Server.Tests.Accounts;

/// <summary>A sign-in with an unknown user name does the same password work as one with a known name.</summary>
public sealed class SignInTimingTests(CountedHashingServer server) : IClassFixture<CountedHashingServer>
{
    [Fact]
    public async Task AnUnknownUserNameIsVerifiedAgainstAHashOfTheSameKindAsAKnownOne()
    {
        using var browser = server.NewBrowser();
        var before = server.Hasher.Verified.Count;

        using var known = await browser.PostSignInAsync(CountedHashingServer.UserName, "guess");
        using var unknown = await browser.PostSignInAsync("nobody-at-all", "guess");

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (known.StatusCode, unknown.StatusCode));
        var verified = server.Hasher.Verified.Skip(before).ToList();
        Assert.Equal(2, verified.Count);
        // Identity's v3 format: version, algorithm, iteration count and salt length lead the hash (13 bytes).
        Assert.Equal(Header(verified[0]), Header(verified[1]));
        Assert.NotEqual(verified[0], verified[1]);
    }

    [Fact]
    public async Task TheDummyHashNeverSignsAnyoneIn()
    {
        using var browser = server.NewBrowser();

        using var empty = await browser.PostSignInAsync("nobody-at-all", "x");
        using var right = await browser.PostSignInAsync(CountedHashingServer.UserName, CountedHashingServer.Password);

        Assert.Equal(HttpStatusCode.Unauthorized, empty.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    private static string Header(string hash) => Convert.ToHexString(Convert.FromBase64String(hash).AsSpan(0, 13));
}

/// <summary>The service with one mediator account, and a password hasher that records every hash it verifies against.</summary>
public sealed class CountedHashingServer : ServerFixture
{
    public const string UserName = "mina";
    public const string Password = "correct horse battery staple";

    internal CountingHasher Hasher { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Bootstrap:Accounts:0:UserName"] = UserName,
        ["Bootstrap:Accounts:0:Password"] = Password,
        ["Bootstrap:Accounts:0:Role"] = "Mediator",
    };

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IPasswordHasher<Account>>(Hasher);

    internal sealed class CountingHasher : IPasswordHasher<Account>
    {
        private readonly PasswordHasher<Account> _real = new();

        public ConcurrentQueue<string> Verified { get; } = new();

        public string HashPassword(Account user, string password) => _real.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(Account user, string hashedPassword, string providedPassword)
        {
            Verified.Enqueue(hashedPassword);
            return _real.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
