namespace CaucusRooms.Server.Infrastructure;

/// <summary>Parses ids that arrive as text from clients; anything malformed is simply unknown.</summary>
internal static class Ids
{
    public static bool TryParse(string? text, out Guid id) => Guid.TryParse(text, out id);
}
