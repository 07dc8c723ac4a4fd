using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using StackExchange.Redis;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace CaucusRooms.Testing;

/// <summary>
/// One redis-server and one shared connection for a test collection, owned by the test runner: it starts them before
/// the first test and ends them after the last. Tests get handles that cannot end either (<see cref="IRedisServer"/>;
/// a connection whose Close and Dispose refuse). The server's failures and the connection's go to the runner's
/// diagnostic output (xunit.runner.json: diagnosticMessages).
/// </summary>
[SuppressMessage("Reliability", "CA1001", Justification = "The runner ends the server through IAsyncLifetime.DisposeAsync; a disposable fixture would be a test's to end.")]
public sealed class RedisFixture(IMessageSink diagnostics) : IAsyncLifetime
{
    private readonly RedisServer _server = new(line => diagnostics.OnMessage(new DiagnosticMessage(line)));
    private ConnectionMultiplexer? _connection;

    public IRedisServer Server => _server;

    public IConnectionMultiplexer Connection { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _server.StartAsync();
        _connection = await ConnectionMultiplexer.ConnectAsync(_server.ConnectionString).WaitAsync(TimeSpan.FromSeconds(10));
        _connection.ConnectionFailed += (_, e) =>
            diagnostics.OnMessage(new DiagnosticMessage($"Redis connection to {e.EndPoint} failed: {e.FailureType} {e.Exception?.Message}\n{_server.Log()}"));
        _connection.InternalError += (_, e) => diagnostics.OnMessage(new DiagnosticMessage($"Redis connection error in {e.Origin}: {e.Exception.Message}"));
        Connection = OwnedByTheFixture.Wrap(_connection);
    }

    public async Task DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
        await _server.DisposeAsync();
    }
}

/// <summary>A connection that does everything the fixture's does, except close: that is the fixture's to do.</summary>
[SuppressMessage("Performance", "CA1852", Justification = "DispatchProxy derives its proxy type from this class.")]
internal class OwnedByTheFixture : DispatchProxy
{
    private static readonly HashSet<string> Ending = [nameof(IDisposable.Dispose), nameof(IAsyncDisposable.DisposeAsync), nameof(IConnectionMultiplexer.Close), nameof(IConnectionMultiplexer.CloseAsync)];

    private IConnectionMultiplexer _inner = null!;

    public static IConnectionMultiplexer Wrap(IConnectionMultiplexer inner)
    {
        var proxy = Create<IConnectionMultiplexer, OwnedByTheFixture>();
        ((OwnedByTheFixture)(object)proxy)._inner = inner;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (Ending.Contains(targetMethod.Name)) throw new InvalidOperationException("The Redis fixture owns this connection: a test may not close it.");
        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }
}
