using System.ComponentModel.DataAnnotations;

namespace CaucusRooms.Server.Sessions;

/// <summary>Session options (<c>Sessions:*</c>).</summary>
internal sealed class MediationOptions
{
    public const string Section = "Sessions";

    /// <summary>The agreement of a session whose mediator gives none.</summary>
    [Required]
    public string DefaultAgreement { get; set; } =
        "Everything said or shown in this mediation is confidential. What you say in a private session with the mediator " +
        "is not passed on to anyone else without your consent. You will not record, copy or share any part of this session, " +
        "and you will not use what you learn here outside this mediation.";
}
