namespace CaucusRooms.Server.Redis;

/// <summary>
/// The key-encryption key of the Data Protection key ring in Redis (<c>DataProtection:*</c>): an
/// X.509 certificate with its private key, as a .pfx file. Required outside Development in Redis
/// mode. To rotate, make the new one current and keep the old one as the previous certificate
/// until every key it encrypted has expired.
/// </summary>
internal sealed class KeyRingOptions
{
    public const string Section = "DataProtection";

    /// <summary>The .pfx that encrypts new keys (and decrypts them).</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>The .pfx of before a rotation: it only decrypts the keys it encrypted.</summary>
    public string? PreviousCertificatePath { get; set; }

    public string? PreviousCertificatePassword { get; set; }
}
