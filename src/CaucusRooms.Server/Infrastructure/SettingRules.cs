using System.ComponentModel.DataAnnotations;
using System.Net;

namespace CaucusRooms.Server.Infrastructure;

/// <summary>A rule for each entry of a list setting. Messages read "{0} must …", without the full stop (<see cref="SettingsValidation{T}"/> adds the value).</summary>
[AttributeUsage(AttributeTargets.Property)]
internal abstract class EachSettingAttribute(string message) : ValidationAttribute(message);

/// <summary>An absolute http or https address, or nothing.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class HttpAddressAttribute() : ValidationAttribute("{0} must be an absolute http:// or https:// address")
{
    public override bool IsValid(object? value) =>
        value is null || (value is string text && Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps));
}

/// <summary>An address to listen on: an IP address, <c>localhost</c>, or <c>*</c> for every address.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class ListenAddressAttribute() : ValidationAttribute("{0} must be an IP address, localhost or * (every address)")
{
    public override bool IsValid(object? value) =>
        value is string text && (IPAddress.TryParse(text, out _) || text is "localhost" or "*");
}

/// <summary>Each entry a browser origin as browsers send it: scheme and host (and port), no path, no trailing slash.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class EachOriginAttribute() : EachSettingAttribute("{0} must be an origin such as https://mediation.example.org (scheme and host, no path or trailing slash)")
{
    public override bool IsValid(object? value) =>
        value is string text && Uri.TryCreate(text, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && string.Equals(uri.GetLeftPart(UriPartial.Authority), text, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Each entry an ICE server URL of one of <paramref name="schemes"/> (RFC 7064, RFC 7065), such as <c>turn:turn.example.org:3478</c>.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class EachIceUrlAttribute(params string[] schemes)
    : EachSettingAttribute($"{{0}} must be a {string.Join(" or ", schemes.Select(s => s + ":"))} URL such as {schemes[0]}:turn.example.org:3478")
{
    public IReadOnlyList<string> Schemes => schemes;

    public override bool IsValid(object? value) =>
        value is string text && schemes.Any(s => text.StartsWith(s + ":", StringComparison.OrdinalIgnoreCase) && text.Length > s.Length + 1);
}
