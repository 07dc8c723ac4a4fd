namespace CaucusRooms.Server.Infrastructure;

/// <summary>How the service is reached (<c>Hosting:*</c>; the proxies it believes are <see cref="ForwardedHeadersOptionsFromConfiguration"/>).</summary>
internal sealed class HostingOptions
{
    public const string Section = "Hosting";

    /// <summary>A TLS-terminating proxy sits in front: plain HTTP on other addresses than loopback, HSTS on what reached the proxy over https.</summary>
    public bool TlsTerminatedByProxy { get; set; }
}
