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
