using System.Globalization;
using Microsoft.Extensions.Options;

namespace CaucusRooms.Server.Admin;

/// <summary>
/// <c>/metrics</c> (Prometheus text from the CaucusRooms meter): to admins on the service's port,
/// or, with <c>Metrics:Port</c>, on a management port that serves nothing else.
/// </summary>
internal static class MetricsEndpoint
{
    public const string Path = "/metrics";

    /// <summary>Early in the pipeline: the management port answers /metrics and nothing else; the service's port never answers it.</summary>
    public static WebApplication UseCaucusMetricsPort(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (options.Port is not { } port) return app;
        ListenAlsoOn(app, $"http://{options.Address}:{port.ToString(CultureInfo.InvariantCulture)}");
        app.UseOpenTelemetryPrometheusScrapingEndpoint(c => c.Connection.LocalPort == port && c.Request.Path == Path);
        app.Use((context, next) =>
        {
            if (context.Connection.LocalPort != port && !context.Request.Path.StartsWithSegments(Path)) return next(context);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        return app;
    }

    /// <summary>Maps /metrics to admins, unless a management port serves it.</summary>
    public static IEndpointRouteBuilder MapCaucusMetrics(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetRequiredService<IOptions<MetricsOptions>>().Value.Port is null)
            app.MapPrometheusScrapingEndpoint(Path).RequireAuthorization(AdminEndpoints.AdminPolicy);
        return app;
    }

    // Adding an address replaces the configured ones (urls, ASPNETCORE_URLS), so those are added too.
    // Endpoints configured for Kestrel itself (Kestrel:Endpoints, Listen in code) override both; then
    // the management port must be among them.
    private static void ListenAlsoOn(WebApplication app, string url)
    {
        if (app.Urls.IsReadOnly) return;
        if (app.Urls.Count == 0)
        {
            foreach (var configured in ConfiguredUrls(app.Configuration)) app.Urls.Add(configured);
        }
        app.Urls.Add(url);
    }

    // What Kestrel would listen on without us: urls, else http_ports/https_ports, else its default.
    private static IEnumerable<string> ConfiguredUrls(IConfiguration configuration)
    {
        static string[] List(string? value) => (value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var urls = List(configuration[WebHostDefaults.ServerUrlsKey]);
        if (urls.Length > 0) return urls;
        var ports = List(configuration[WebHostDefaults.HttpPortsKey]).Select(p => $"http://*:{p}")
            .Concat(List(configuration[WebHostDefaults.HttpsPortsKey]).Select(p => $"https://*:{p}")).ToList();
        return ports.Count > 0 ? ports : ["http://localhost:5000"];
    }
}
