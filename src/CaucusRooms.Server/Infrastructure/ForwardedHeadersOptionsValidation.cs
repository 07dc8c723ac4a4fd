using System.Net;
using Microsoft.Extensions.Options;

namespace CaucusRooms.Server.Infrastructure;

/// <summary>Every proxy an IP address, every network in CIDR form; a bad one is named with its setting.</summary>
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
