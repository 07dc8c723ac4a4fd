using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CaucusRooms.Testing;

/// <summary>
/// The real service in this process on real Kestrel, bound to a free port of 127.0.0.1: the one start-up of the
/// hub tests' servers and the browser tests' server. A subclass says what differs (settings, services, ports).
/// </summary>
/// <remarks>
/// The project that holds the tests must reference Microsoft.AspNetCore.Mvc.Testing itself: its build targets write
/// the content root of the service (MvcTestingAppManifest.json) and copy the service's deps file into that project's
/// output, where the factory looks for them. Without them the page's static files are not found.
/// </remarks>
public abstract class LoopbackHost<TEntryPoint> : IAsyncLifetime, ITestServer where TEntryPoint : class
{
    private WebApplicationFactory<TEntryPoint>? _factory;

    /// <summary>Configuration for this server, as a subclass wants it (usually built with <see cref="TestSettings"/>).</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    /// <summary>Replaces services for this server (for example the clock).</summary>
    protected virtual void ConfigureServices(IServiceCollection services) { }

    /// <summary>Where Kestrel listens: a free port of 127.0.0.1 (the first endpoint is <see cref="BaseAddress"/>).</summary>
    protected virtual void Listen(KestrelServerOptions kestrel) => kestrel.Listen(IPAddress.Loopback, 0);

    /// <summary>http://127.0.0.1:port/</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _factory!.Services;

    public Task InitializeAsync()
    {
        _factory = new WebApplicationFactory<TEntryPoint>().WithWebHostBuilder(b =>
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
