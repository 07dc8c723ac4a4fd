using Microsoft.Extensions.DependencyInjection;

namespace CaucusRooms.Server.Tests;

/// <summary>The real service with two mediator accounts, an admin, and a clock the tests can move.</summary>
public class HubServerFixture : ServerFixture
{
    public const string MediatorName = TestAccounts.Mediator;
    public const string OtherMediatorName = TestAccounts.OtherMediator;
    public const string AdminName = TestAccounts.Admin;
    public const string Password = TestAccounts.Password;

    public TestClock Clock { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings =>
        TestSettings.Accounts().ManyHubCallsPerPerson().Set(MoreSettings).ToDictionary();

    /// <summary>Settings a variant of this server adds to the accounts.</summary>
    protected virtual IReadOnlyDictionary<string, string?> MoreSettings { get; } = new Dictionary<string, string?>();

    /// <summary>Every log line the server wrote, as formatted text.</summary>
    public CapturedLogs Logs { get; } = new();

    protected sealed override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(Logs);
        MoreServices(services);
    }

    /// <summary>Services a variant of this server replaces, after the clock and the logs.</summary>
    protected virtual void MoreServices(IServiceCollection services) { }
}

/// <summary>A logger provider that keeps every formatted line, with its exception, for tests to search.</summary>
public sealed class CapturedLogs : Microsoft.Extensions.Logging.ILoggerProvider
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose() { }

    private sealed class Logger(string category, System.Collections.Concurrent.ConcurrentQueue<string> lines) : Microsoft.Extensions.Logging.ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}[{eventId.Id}] {formatter(state, exception)} {exception}");
    }
}

/// <summary>The real clock, plus an offset a test can add to (for expiring invites).</summary>
public sealed class TestClock : TimeProvider
{
    private long _offsetTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
}
