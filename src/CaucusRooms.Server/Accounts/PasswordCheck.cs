using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace CaucusRooms.Server.Accounts;

/// <summary>
/// Checks a sign-in's password with the same work whether the user name exists or not: an unknown
/// name is verified against a hash of a random password made by the same hasher (same algorithm,
/// same iteration count), so the answer's timing does not tell that a name exists.
/// </summary>
internal sealed class PasswordCheck
{
    private readonly IPasswordHasher<Account> _hasher;
    private readonly Account _nobody;

    public PasswordCheck(IPasswordHasher<Account> hasher)
    {
        _hasher = hasher;
        var nobody = new Account("", "", "", "");
        _nobody = nobody with { PasswordHash = hasher.HashPassword(nobody, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))) };
    }

    /// <summary>True only for a known account and its right password.</summary>
    public bool Verify([NotNullWhen(true)] Account? account, string password)
    {
        var against = account ?? _nobody;
        var result = _hasher.VerifyHashedPassword(against, against.PasswordHash, password);
        return account is not null && result != PasswordVerificationResult.Failed;
    }
}
