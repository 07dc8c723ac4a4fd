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

    private TestSettings Account(int index, string userName, string role)
    {
        var prefix = FormattableString.Invariant($"Bootstrap:Accounts:{index}:");
        return Set(prefix + "UserName", userName).Set(prefix + "Password", TestAccounts.Password).Set(prefix + "Role", role);
    }
}
