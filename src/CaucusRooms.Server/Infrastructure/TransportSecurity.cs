using System.Net;

namespace CaucusRooms.Server.Infrastructure;

/// <summary>
/// Outside Development, CaucusRooms speaks HTTPS with HSTS when a certificate is configured
/// (<c>Kestrel:Certificates:Default:Path</c>). Without one it serves plain HTTP only on loopback —
/// unless the operator says a TLS-terminating proxy sits in front (<c>Hosting:TlsTerminatedByProxy=true</c>).
/// </summary>
internal static class TransportSecurity
{
    public static bool HasCertificate(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration["Kestrel:Certificates:Default:Path"]);

    /// <summary>Why the service must not start as configured, or null. <c>urls</c> and the certificate are the host's own settings.</summary>
    public static string? PlainHttpProblem(IConfiguration configuration, IHostEnvironment environment, bool tlsTerminatedByProxy)
    {
        if (environment.IsDevelopment() || HasCertificate(configuration) || tlsTerminatedByProxy) return null;
        var urls = (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var url in urls)
        {
            if (!url.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) continue;
            var host = new Uri(url.Replace("*", "0.0.0.0", StringComparison.Ordinal).Replace("+", "0.0.0.0", StringComparison.Ordinal)).Host;
            var loopback = host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
            if (!loopback)
                return $"Refusing to serve plain HTTP on {url} outside Development. Configure a certificate (Kestrel:Certificates:Default:Path), " +
                    "bind to 127.0.0.1, or set Hosting:TlsTerminatedByProxy=true when a TLS-terminating proxy sits in front.";
        }
        return null;
    }
}
