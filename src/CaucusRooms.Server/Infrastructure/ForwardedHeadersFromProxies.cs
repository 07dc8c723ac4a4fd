using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace CaucusRooms.Server.Infrastructure;

/// <summary>
/// The proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed (<c>Hosting:ForwardedHeaders:*</c>):
/// only requests coming from them. Then sign-in limits count per client, not per proxy, and invite links and HSTS
/// follow the scheme the client used (https at a TLS-terminating proxy). With none configured, no header is believed.
/// </summary>
internal sealed class ForwardedHeadersOptionsFromConfiguration
{
    public const string Section = "Hosting:ForwardedHeaders";

    /// <summary>Addresses of the proxies in front (for example 127.0.0.1 for nginx on the same machine).</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of the proxies in front, in CIDR form (for example 10.0.0.0/24).</summary>
    public string[] KnownNetworks { get; set; } = [];

    public bool Any => KnownProxies.Length > 0 || KnownNetworks.Length > 0;
}

internal sealed class ForwardedHeadersOptionsValidation : IValidateOptions<ForwardedHeadersOptionsFromConfiguration>
{
    public ValidateOptionsResult Validate(string? name, ForwardedHeadersOptionsFromConfiguration options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var bad = options.KnownProxies.Where(p => !IPAddress.TryParse(p, out _)).Select(p => $"{ForwardedHeadersOptionsFromConfiguration.Section}:KnownProxies has \"{p}\", which is not an IP address.")
            .Concat(options.KnownNetworks.Where(n => !System.Net.IPNetwork.TryParse(n, out _)).Select(n => $"{ForwardedHeadersOptionsFromConfiguration.Section}:KnownNetworks has \"{n}\", which is not a network in CIDR form (like 10.0.0.0/24)."))
            .ToList();
        return bad.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(bad);
    }
}

internal static class ForwardedHeadersFromProxies
{
    public static IServiceCollection AddCaucusForwardedHeaders(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptionsFromConfiguration>().BindConfiguration(ForwardedHeadersOptionsFromConfiguration.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ForwardedHeadersOptionsFromConfiguration>, ForwardedHeadersOptionsValidation>();
        return services;
    }

    /// <summary>First in the pipeline, so everything after sees the client's address and scheme.</summary>
    public static WebApplication UseCaucusForwardedHeaders(this WebApplication app)
    {
        var configured = app.Services.GetRequiredService<IOptions<ForwardedHeadersOptionsFromConfiguration>>().Value;
        if (!configured.Any) return app;
        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto, ForwardLimit = 1 };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in configured.KnownProxies) options.KnownProxies.Add(IPAddress.Parse(proxy));
        foreach (var network in configured.KnownNetworks) options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        app.UseForwardedHeaders(options);
        return app;
    }
}
