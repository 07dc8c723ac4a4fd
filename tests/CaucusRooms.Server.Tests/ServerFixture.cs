using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CaucusRooms.Server.Tests;

/// <summary>The real service on real Kestrel, bound to a free port on 127.0.0.1.</summary>
public class ServerFixture : IAsyncLifetime, ITestServer
{
    private WebApplicationFactory<Program>? _factory;

    /// <summary>Configuration for this server, as a subclass wants it.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    /// <summary>Replaces services for this server (for example the clock).</summary>
    protected virtual void ConfigureServices(Microsoft.Extensions.DependencyInjection.IServiceCollection services) { }

    /// <summary>Where Kestrel listens: a free port of 127.0.0.1 (the first endpoint is <see cref="BaseAddress"/>).</summary>
    protected virtual void Listen(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions kestrel) => kestrel.Listen(IPAddress.Loopback, 0);

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
        _factory.UseKestrel(Listen);
        _factory.StartServer();
        // The first endpoint Listen made (the factory's own pick is the last one).
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First().TrimEnd('/') + "/");
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
