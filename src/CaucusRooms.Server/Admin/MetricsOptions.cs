using System.ComponentModel.DataAnnotations;
using CaucusRooms.Server.Infrastructure;

namespace CaucusRooms.Server.Admin;

/// <summary>
/// Where <c>/metrics</c> is served (<c>Metrics:*</c>). By default on the service's own port, to
/// admins only. With <c>Metrics:Port</c> set, only on that port (a management port, for example
/// <c>Metrics:Port=9464</c>), without sign-in for a Prometheus scraper, and never on the service's port.
/// </summary>
internal sealed class MetricsOptions
{
    public const string Section = "Metrics";

    [Range(1, 65_535)]
    public int? Port { get; set; }

    /// <summary>The address the management port listens on; loopback unless set (plain HTTP, no sign-in).</summary>
    [ListenAddress]
    public string Address { get; set; } = "127.0.0.1";
}
