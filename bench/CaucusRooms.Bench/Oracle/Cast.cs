namespace CaucusRooms.Bench.Oracle;

/// <summary>
/// The five people of every bench session and its four rooms, by index. Side 0 is "A", side 1 is "B".
/// </summary>
internal static class Cast
{
    public const int People = 5;
    public const int Mediator = 0, PartyA = 1, AdvisorA = 2, PartyB = 3, AdvisorB = 4;

    public const int Rooms = 4;
    public const int Joint = 0, CaucusA = 1, CaucusB = 2, MediatorsRoom = 3;

    public static readonly string[] SideNames = ["A", "B"];

    /// <summary>0 for side A, 1 for side B, -1 for the mediator.</summary>
    public static int SideOf(int person) => person switch
    {
        PartyA or AdvisorA => 0,
        PartyB or AdvisorB => 1,
        _ => -1,
    };

    public static int CaucusOf(int side) => side == 0 ? CaucusA : CaucusB;

    public static string PersonName(int person) => person switch
    {
        Mediator => "mediator",
        PartyA => "party A",
        AdvisorA => "advisor A",
        PartyB => "party B",
        AdvisorB => "advisor B",
        _ => $"person {person}",
    };

    public static string RoomName(int room) => room switch
    {
        Joint => "joint room",
        CaucusA => "caucus A",
        CaucusB => "caucus B",
        MediatorsRoom => "mediators' room",
        _ => $"room {room}",
    };

    public static string Role(int person) => person switch
    {
        Mediator => "Mediator",
        PartyA or PartyB => "Party",
        _ => "Advisor",
    };
}
