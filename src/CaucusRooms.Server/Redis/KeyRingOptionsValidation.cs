using Microsoft.Extensions.Options;

namespace CaucusRooms.Server.Redis;

/// <summary>Outside Development, Redis mode starts only with a key ring certificate that can be read.</summary>
internal sealed class KeyRingOptionsValidation(IHostEnvironment environment) : IValidateOptions<KeyRingOptions>
{
    public ValidateOptionsResult Validate(string? name, KeyRingOptions options)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            if (!environment.IsDevelopment())
            {
                problems.Add("Set DataProtection:CertificatePath to a .pfx certificate with its private key (and DataProtection:CertificatePassword): "
                    + "with ConnectionStrings:Redis set, the Data Protection key ring in Redis must be encrypted outside Development (see the README, \"The key ring\").");
            }
        }
        else
        {
            Check("DataProtection:CertificatePath", options.CertificatePath, options.CertificatePassword, problems);
        }
        Check("DataProtection:PreviousCertificatePath", options.PreviousCertificatePath, options.PreviousCertificatePassword, problems);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void Check(string setting, string? path, string? password, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(path)) return;
        if (KeyRingEncryption.TryLoad(path, password, out var certificate, out var problem)) certificate.Dispose();
        else problems.Add($"{setting} names {path}, which cannot encrypt the key ring: {problem}.");
    }
}
