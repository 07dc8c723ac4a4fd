namespace CaucusRooms.EndToEnd.Tests;

/// <summary>The real service on real Kestrel, on a free port of 127.0.0.1, with the accounts of <see cref="TestAccounts"/>.</summary>
public sealed class LiveServer : LoopbackHost<Program>
{
    private readonly IReadOnlyDictionary<string, string?> _more;

    public LiveServer() : this(new Dictionary<string, string?>()) { }

    /// <summary>A server of its own for one test class, with more settings (for example TURN).</summary>
    internal LiveServer(IReadOnlyDictionary<string, string?> more) => _more = more;

    // Hub calls per connection raised above the default burst of 60, as the browser tests always had them.
    protected override IReadOnlyDictionary<string, string?> Settings =>
        TestSettings.Accounts().Set("Hub:RateLimit:Burst", "200").Set(_more).ToDictionary();
}
