using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace CaucusRooms.Server.Redis;

/// <summary>
/// Encrypts the Data Protection key ring in Redis with the certificate of <see cref="KeyRingOptions"/>,
/// so a copy of Redis (an RDB or AOF backup) alone opens neither the keys nor what they wrap.
/// </summary>
internal static class KeyRingEncryption
{
    public static IDataProtectionBuilder ProtectKeysWithConfiguredCertificate(this IDataProtectionBuilder builder, IConfiguration configuration)
    {
        builder.Services.AddOptions<KeyRingOptions>().BindConfiguration(KeyRingOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<KeyRingOptions>, KeyRingOptionsValidation>();

        // Data Protection takes the certificate object at registration, so the files are read here; a
        // setting that is missing or names an unreadable file fails the start (KeyRingOptionsValidation).
        var settings = configuration.GetSection(KeyRingOptions.Section).Get<KeyRingOptions>() ?? new KeyRingOptions();
        if (TryLoad(settings.CertificatePath, settings.CertificatePassword, out var current, out _)) builder.ProtectKeysWithCertificate(current);
        if (TryLoad(settings.PreviousCertificatePath, settings.PreviousCertificatePassword, out var previous, out _)) builder.UnprotectKeysWithAnyCertificate(previous);
        return builder;
    }

    /// <summary>Loads a .pfx with its private key; otherwise says in words what is wrong with it.</summary>
    public static bool TryLoad(string? path, string? password, [NotNullWhen(true)] out X509Certificate2? certificate, out string? problem)
    {
        certificate = null;
        problem = null;
        if (string.IsNullOrWhiteSpace(path)) return false;
        if (!File.Exists(path))
        {
            problem = "there is no such file";
            return false;
        }
        try
        {
            var loaded = X509CertificateLoader.LoadPkcs12FromFile(path, password);
            if (!loaded.HasPrivateKey)
            {
                loaded.Dispose();
                problem = "it holds no private key";
                return false;
            }
            certificate = loaded;
            return true;
        }
        catch (CryptographicException e)
        {
            problem = $"it cannot be read as a .pfx with that password ({e.Message})";
            return false;
        }
    }
}
