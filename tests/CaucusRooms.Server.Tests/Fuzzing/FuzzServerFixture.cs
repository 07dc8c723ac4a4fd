namespace CaucusRooms.Server.Tests.Fuzzing;

/// <summary>
/// The real service for the fuzz tests: the accounts of <see cref="TestSettings.Accounts"/>, and hub and
/// sign-in limits raised so thousands of calls from a handful of connections are answered, not rate limited.
/// </summary>
public sealed class FuzzServerFixture : ServerFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = TestSettings.Accounts().LimitsRaisedForLoad().ToDictionary();
}

/// <summary>The seed of one fuzz run: printed by every test, replayed with CAUCUS_FUZZ_SEED.</summary>
public static class FuzzSeed
{
    public static int Next() =>
        int.TryParse(Environment.GetEnvironmentVariable("CAUCUS_FUZZ_SEED"), out var fixedSeed) ? fixedSeed : Environment.TickCount;

    public static string Describe(int seed) => $"seed {seed} (replay with CAUCUS_FUZZ_SEED={seed})";
}
