using Microsoft.Extensions.Options;

namespace CaucusRooms.Server.Tests.Infrastructure;

/// <summary>Every setting is checked when the real host starts: a bad value stops it with a sentence that names the setting.</summary>
public sealed class SettingsTests
{
    [Theory]
    [InlineData("Hub:PersonLimits:MaxConnections", "0", "Hub:PersonLimits:MaxConnections must be between 1 and 100, was 0.")]
    [InlineData("Hub:PersonLimits:Burst", "100001", "Hub:PersonLimits:Burst must be between 1 and 100000, was 100001.")]
    [InlineData("Hub:RateLimit:PermitsPerSecond", "0", "Hub:RateLimit:PermitsPerSecond must be between 1 and 10000000, was 0.")]
    [InlineData("Hub:AllowedOrigins:0", "https://mediation.example.org/", "Hub:AllowedOrigins:0 must be an origin such as https://mediation.example.org (scheme and host, no path or trailing slash), was \"https://mediation.example.org/\".")]
    [InlineData("RateLimits:SignInPerMinute", "-1", "RateLimits:SignInPerMinute must be between 1 and 10000000, was -1.")]
    [InlineData("Auth:SignInLifetime", "00:00:00", "Auth:SignInLifetime must be between 00:00:01 and 30.00:00:00, was 00:00:00.")]
    [InlineData("Invites:Lifetime", "-1.00:00:00", "Invites:Lifetime must be between 00:01:00 and 365.00:00:00, was -1.00:00:00.")]
    [InlineData("Invites:PublicBaseUrl", "mediation.example.org", "Invites:PublicBaseUrl must be an absolute http:// or https:// address, was \"mediation.example.org\".")]
    [InlineData("Sessions:DefaultAgreement", " ", "Sessions:DefaultAgreement must be set, was \" \".")]
    [InlineData("Retention:PurgeSweep", "00:00:00", "Retention:PurgeSweep must be between 00:00:01 and 01:00:00, was 00:00:00.")]
    [InlineData("Retention:Messages", "-00:00:01", "Retention:Messages must be between 00:00:00 and 3650.00:00:00, was -00:00:01.")]
    [InlineData("Ice:TurnCredentialLifetime", "00:00:10", "Ice:TurnCredentialLifetime must be between 00:01:00 and 7.00:00:00, was 00:00:10.")]
    [InlineData("Ice:StunUrls:0", "https://stun.example.org", "Ice:StunUrls:0 must be a stun: or stuns: URL such as stun:turn.example.org:3478, was \"https://stun.example.org\".")]
    [InlineData("Ice:TurnUrls:0", "turn:turn.example.org:3478", "Ice:TurnSharedSecret must be set when Ice:TurnUrls is: without it video would not go through TURN.")]
    [InlineData("Metrics:Port", "70000", "Metrics:Port must be between 1 and 65535, was 70000.")]
    [InlineData("Metrics:Address", "metrics.local", "Metrics:Address must be an IP address, localhost or * (every address), was \"metrics.local\".")]
    [InlineData("InMemory:MaxMessagesPerRoom", "5", "InMemory:MaxMessagesPerRoom must be between 100 and 10000000, was 5.")]
    [InlineData("InMemory:HotMessagesPerRoom", "5", "InMemory:HotMessagesPerRoom must be between 10 and 10000000, was 5.")]
    [InlineData("Bootstrap:Accounts:0:Role", "Boss", "Bootstrap:Accounts:0:Role must be Mediator or Admin, was \"Boss\".")]
    [InlineData("Hosting:ForwardedHeaders:KnownProxies:0", "nginx.local", "Hosting:ForwardedHeaders:KnownProxies has \"nginx.local\", which is not an IP address.")]
    public async Task ABadValueStopsTheStartWithASentenceNamingTheSetting(string setting, string value, string sentence)
    {
        var server = new ServerWith(new Dictionary<string, string?> { [setting] = value });
        try
        {
            var error = await Record.ExceptionAsync(server.InitializeAsync);

            Assert.Contains(sentence, FailuresIn(Assert.IsAssignableFrom<Exception>(error)));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task SeveralBadValuesAreNamedTogether()
    {
        var server = new ServerWith(new Dictionary<string, string?> { ["Hub:PersonLimits:MaxConnections"] = "0", ["Invites:Lifetime"] = "00:00:00" });
        try
        {
            var error = await Record.ExceptionAsync(server.InitializeAsync);

            var failures = FailuresIn(Assert.IsAssignableFrom<Exception>(error));
            Assert.Contains("Hub:PersonLimits:MaxConnections must be between 1 and 100, was 0.", failures);
            Assert.Contains("Invites:Lifetime must be between 00:01:00 and 365.00:00:00, was 00:00:00.", failures);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task OutsideDevelopmentPlainHttpOnAnotherAddressThanLoopbackStopsTheStart()
    {
        var server = new ServerWith(new Dictionary<string, string?> { ["environment"] = "Production", ["urls"] = "http://0.0.0.0:5999" });
        try
        {
            var error = await Record.ExceptionAsync(server.InitializeAsync);

            Assert.Contains("Refusing to serve plain HTTP on http://0.0.0.0:5999 outside Development. Configure a certificate (Kestrel:Certificates:Default:Path), "
                + "bind to 127.0.0.1, or set Hosting:TlsTerminatedByProxy=true when a TLS-terminating proxy sits in front.", FailuresIn(Assert.IsAssignableFrom<Exception>(error)));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task TheDefaultsStart()
    {
        var server = new ServerWith(new Dictionary<string, string?>());
        try
        {
            await server.InitializeAsync();
            using var browser = server.NewBrowser();

            using var response = await browser.GetAsync(new Uri("/healthz", UriKind.Relative));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>The sentences of every options error the host's start failed with, whatever it was wrapped in.</summary>
    private static List<string> FailuresIn(Exception error) => error switch
    {
        OptionsValidationException options => [.. options.Failures],
        AggregateException all => [.. all.InnerExceptions.SelectMany(FailuresIn)],
        { InnerException: { } inner } => FailuresIn(inner),
        _ => [],
    };

    private sealed class ServerWith(IReadOnlyDictionary<string, string?> settings) : ServerFixture
    {
        protected override IReadOnlyDictionary<string, string?> Settings => settings;
    }
}
