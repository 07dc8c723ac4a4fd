
using CaucusRooms.Server.Infrastructure;

namespace CaucusRooms.Server.Hubs;

/// <summary>Browser origins allowed to open hub connections besides the service's own (<c>Hub:AllowedOrigins:*</c>).</summary>
internal sealed class HubOriginOptions
{
    public const string Section = "Hub";

    [EachOrigin]
    public string[] AllowedOrigins { get; set; } = [];
}
