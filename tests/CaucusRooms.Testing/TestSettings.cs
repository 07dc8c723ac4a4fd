namespace CaucusRooms.Testing;

/// <summary>
/// The configuration a test host boots with, in one place: the accounts of <see cref="TestAccounts"/>, limits a test
/// raises, the Redis it uses. In-process hosts take <see cref="ToDictionary"/>; node processes take
/// <see cref="ToEnvironment"/> (<c>Section__Key</c> variables).
/// </summary>
public sealed class TestSettings
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A mediator, a second mediator and an admin, as <see cref="TestAccounts"/> names them.</summary>
    public static TestSettings Accounts() => new TestSettings()
        .Account(0, TestAccounts.Mediator, "Mediator")
        .Account(1, TestAccounts.OtherMediator, "Mediator")
        .Account(2, TestAccounts.Admin, "Admin");

    /// <summary>Per-person hub limits high enough for tests that send bursts from one person's tabs (the limits themselves are tested with their defaults).</summary>
    public TestSettings ManyHubCallsPerPerson() => Set("Hub:PersonLimits:PermitsPerSecond", "1000").Set("Hub:PersonLimits:Burst", "1000");

    /// <summary>The stores and the SignalR backplane on this Redis.</summary>
    public TestSettings Redis(string connectionString) => Set("ConnectionStrings:Redis", connectionString);

    /// <summary>The nodes' Data Protection key ring encrypted with <paramref name="certificatePath"/> (by default the run's <see cref="KeyRingCertificate.Path"/>).</summary>
    public TestSettings KeyRing(string? certificatePath = null) =>
        Set("DataProtection:CertificatePath", certificatePath ?? KeyRingCertificate.Path).Set("DataProtection:CertificatePassword", KeyRingCertificate.Password);

    /// <summary>Hub calls per connection and sign-ins per address far above any load a test or the bench makes.</summary>
    public TestSettings LimitsRaisedForLoad() => Set("Hub:RateLimit:PermitsPerSecond", "1000000").Set("Hub:RateLimit:Burst", "1000000").Set("RateLimits:SignInPerMinute", "1000000");

    public TestSettings Set(string key, string? value)
    {
        _values[key] = value;
        return this;
    }

    public TestSettings Set(IEnumerable<KeyValuePair<string, string?>> more)
    {
        ArgumentNullException.ThrowIfNull(more);
        foreach (var (key, value) in more) Set(key, value);
        return this;
    }

    public IReadOnlyDictionary<string, string?> ToDictionary() => new Dictionary<string, string?>(_values, StringComparer.OrdinalIgnoreCase);

    /// <summary>As environment variables of a child process: <c>Hub:PersonLimits:Burst</c> becomes <c>Hub__PersonLimits__Burst</c>.</summary>
    public IReadOnlyDictionary<string, string> ToEnvironment() =>
        _values.ToDictionary(kv => kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value ?? "", StringComparer.Ordinal);

    /// <summary>The account <c>Bootstrap:Accounts:index</c> created at start.</summary>
    public TestSettings Account(int index, string userName, string role, string password = TestAccounts.Password)
    {
        var prefix = FormattableString.Invariant($"Bootstrap:Accounts:{index}:");
        return Set(prefix + "UserName", userName).Set(prefix + "Password", password).Set(prefix + "Role", role);
    }
}
