namespace CaucusRooms.Testing;

/// <summary>The accounts every test host creates at start (<see cref="TestSettings.Accounts"/>), all with one password.</summary>
public static class TestAccounts
{
    public const string Mediator = "maria";
    public const string OtherMediator = "otto";
    public const string Admin = "ada";
    public const string Password = "correct horse battery staple";
}
