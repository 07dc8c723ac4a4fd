using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;

namespace CaucusRooms.Server.Tests;

/// <summary>The real service on real Kestrel, bound to a free port on 127.0.0.1.</summary>
public class ServerFixture : IAsyncLifetime
{
    private WebApplicationFactory<Program>? _factory;

    /// <summary>Configuration for this server, as a subclass wants it.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    /// <summary>Replaces services for this server (for example the clock).</summary>
    protected virtual void ConfigureServices(Microsoft.Extensions.DependencyInjection.IServiceCollection services) { }

    /// <summary>http://127.0.0.1:port/</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _factory!.Services;

    public Task InitializeAsync()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            foreach (var (key, value) in Settings) b.UseSetting(key, value);
            b.ConfigureTestServices(ConfigureServices);
        });
        _factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        BaseAddress = _factory.ClientOptions.BaseAddress;
        return Task.CompletedTask;
    }

    /// <summary>A plain HTTP client with its own cookie jar, like one browser.</summary>
    public HttpClient NewBrowser() => new(new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true })
    {
        BaseAddress = BaseAddress,
        Timeout = TimeSpan.FromSeconds(15),
    };

    public virtual async Task DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
    }
}
