using Microsoft.Extensions.Options;

namespace CaucusRooms.Server.Infrastructure;

/// <summary>Outside Development, plain HTTP only on loopback unless a certificate or a TLS-terminating proxy is configured (<see cref="TransportSecurity"/>).</summary>
internal sealed class HostingOptionsValidation(IConfiguration configuration, IHostEnvironment environment) : IValidateOptions<HostingOptions>
{
    public ValidateOptionsResult Validate(string? name, HostingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return TransportSecurity.PlainHttpProblem(configuration, environment, options.TlsTerminatedByProxy) is { } problem
            ? ValidateOptionsResult.Fail(problem)
            : ValidateOptionsResult.Success;
    }
}
