using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace CaucusRooms.Server.Accounts;

/// <summary>Accounts named in configuration: <c>Bootstrap:Accounts:0:UserName</c>, <c>…:Password</c>, <c>…:Role</c>.</summary>
internal sealed class BootstrapOptions : IValidatableObject
{
    public const string Section = "Bootstrap";

    public List<BootstrapAccount> Accounts { get; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < Accounts.Count; i++)
        {
            var (account, key) = (Accounts[i], $"{Section}:{nameof(Accounts)}:{i.ToString(CultureInfo.InvariantCulture)}");
            if (string.IsNullOrWhiteSpace(account.UserName)) yield return new($"{key}:{nameof(BootstrapAccount.UserName)} must be set.");
            if (string.IsNullOrEmpty(account.Password)) yield return new($"{key}:{nameof(BootstrapAccount.Password)} must be set.");
            if (!AccountRoles.IsKnown(account.Role))
                yield return new($"{key}:{nameof(BootstrapAccount.Role)} must be {AccountRoles.Mediator} or {AccountRoles.Admin}, was \"{account.Role}\".");
        }
    }
}

/// <summary>One configured account.</summary>
internal sealed class BootstrapAccount
{
    public string UserName { get; set; } = "";
    public string Password { get; set; } = "";
    public string Role { get; set; } = AccountRoles.Mediator;
}
