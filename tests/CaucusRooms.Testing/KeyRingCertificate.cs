using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CaucusRooms.Testing;

/// <summary>
/// A self-signed certificate made at test time, one per test run, that encrypts the nodes' Data
/// Protection key ring (<c>DataProtection:CertificatePath</c>, <see cref="TestSettings.KeyRing"/>): every node of a run
/// shares it, the test nodes' and the bench's (a node with Redis refuses to start without one outside Development).
/// </summary>
public static class KeyRingCertificate
{
    public const string Password = "test-only key ring password";

    private static readonly Lazy<string> File = new(Create);

    /// <summary>The .pfx file (under the temporary folder, removed when the test run ends).</summary>
    public static string Path => File.Value;

    /// <summary>A fresh certificate of its own (another key-encryption key than <see cref="Path"/>'s).</summary>
    public static string Create()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=CaucusRooms test key ring", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, critical: true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var directory = Directory.CreateTempSubdirectory("caucus-keyring-").FullName;
        var path = System.IO.Path.Combine(directory, "keyring.pfx");
        System.IO.File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(directory, recursive: true); }
            catch (IOException) { }
        };
        return path;
    }
}
