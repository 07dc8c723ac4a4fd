using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CaucusRooms.Bench.Hosting;

/// <summary>
/// A self-signed certificate made for one run, which encrypts the nodes' Data Protection key ring in Redis
/// (a node with Redis refuses to start without one outside Development).
/// </summary>
internal static class KeyRingCertificate
{
    private const string Password = "bench-only key ring password";

    /// <summary>Writes the certificate into <paramref name="directory"/> and returns the environment a node needs to use it.</summary>
    public static Dictionary<string, string> Create(string directory)
    {
        var path = Path.Combine(directory, "keyring.pfx");
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=CaucusRooms bench key ring", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, critical: true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        return new Dictionary<string, string>
        {
            ["DataProtection__CertificatePath"] = path,
            ["DataProtection__CertificatePassword"] = Password,
        };
    }
}
