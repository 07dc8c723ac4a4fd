using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace CaucusRooms.Server.Infrastructure;

/// <summary>
/// Believes <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> only from the proxies of
/// <see cref="ForwardedHeadersOptionsFromConfiguration"/>; with none configured, from nobody.
/// </summary>
internal static class ForwardedHeadersFromProxies
{
    public static IServiceCollection AddCaucusForwardedHeaders(this IServiceCollection services)
    {
        services.AddSettings<ForwardedHeadersOptionsFromConfiguration>(ForwardedHeadersOptionsFromConfiguration.Section);
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
