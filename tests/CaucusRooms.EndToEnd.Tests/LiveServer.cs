using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CaucusRooms.EndToEnd.Tests;

/// <summary>The real service on real Kestrel, on a free port of 127.0.0.1, with the accounts of <see cref="TestAccounts"/>.</summary>
public sealed class LiveServer : IAsyncLifetime, ITestServer
{
    public const string MediatorUserName = TestAccounts.Mediator;
    public const string MediatorPassword = TestAccounts.Password;
    public const string AdminUserName = TestAccounts.Admin;

    private readonly IReadOnlyDictionary<string, string> _settings;
    private WebApplicationFactory<Program>? _factory;

    public LiveServer() : this(new Dictionary<string, string>()) { }

    /// <summary>A server of its own for one test class, with more settings (for example TURN).</summary>
    internal LiveServer(IReadOnlyDictionary<string, string> settings) => _settings = settings;

    /// <summary>http://127.0.0.1:port/</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public Task InitializeAsync()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            var settings = TestSettings.Accounts()
                // Three browsers on one address: the sign-in limit is per address.
                .Set("Hub:RateLimit:Burst", "200")
                .Set(_settings.Select(kv => KeyValuePair.Create(kv.Key, (string?)kv.Value)));
            foreach (var (key, value) in settings.ToDictionary()) b.UseSetting(key, value);
        });
        _factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        BaseAddress = _factory.ClientOptions.BaseAddress;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
    }
}
