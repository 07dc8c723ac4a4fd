using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CaucusRooms.EndToEnd.Tests;

/// <summary>The real service on real Kestrel, on a free port of 127.0.0.1, with one mediator account.</summary>
public sealed class LiveServer : IAsyncLifetime
{
    public const string MediatorUserName = "mediator-e2e";
    public const string MediatorPassword = "correct horse battery staple";
    public const string AdminUserName = "admin-e2e";

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
            b.UseSetting("Bootstrap:Accounts:0:UserName", MediatorUserName);
            b.UseSetting("Bootstrap:Accounts:0:Password", MediatorPassword);
            b.UseSetting("Bootstrap:Accounts:0:Role", "Mediator");
            b.UseSetting("Bootstrap:Accounts:1:UserName", AdminUserName);
            b.UseSetting("Bootstrap:Accounts:1:Password", MediatorPassword);
            b.UseSetting("Bootstrap:Accounts:1:Role", "Admin");
            // Three browsers on one address: the sign-in limit is per address.
            b.UseSetting("Hub:RateLimit:Burst", "200");
            foreach (var (key, value) in _settings) b.UseSetting(key, value);
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
