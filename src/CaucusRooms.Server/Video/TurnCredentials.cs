using System.Security.Cryptography;
using System.Text;

namespace CaucusRooms.Server.Video;

/// <summary>
/// Short-lived TURN credentials in the TURN REST API scheme that coturn accepts with
/// <c>use-auth-secret</c>: the user name is "expiry-unix-seconds:user", the password is
/// base64(HMAC-SHA1(shared secret, user name)). Nothing is stored; coturn recomputes it.
/// </summary>
internal static class TurnCredentials
{
    public static (string Username, string Credential) For(string user, DateTimeOffset expiresAt, string sharedSecret)
    {
        var username = $"{expiresAt.ToUnixTimeSeconds()}:{user}";
        // HMAC-SHA1 is what the TURN REST scheme and coturn specify; it signs, it does not protect a secret at rest.
#pragma warning disable CA5350
        var mac = HMACSHA1.HashData(Encoding.UTF8.GetBytes(sharedSecret), Encoding.UTF8.GetBytes(username));
#pragma warning restore CA5350
        return (username, Convert.ToBase64String(mac));
    }
}
