using CaucusRooms.Server.Infrastructure;

namespace CaucusRooms.Server.Rooms;

/// <summary>
/// The text of the ids every message names again and again (its room, its sender): each message's DTO carried a
/// fresh copy of the same 32 characters per send. A Guid's "N" text is the same whatever the id names, so one table
/// serves rooms and people alike and cannot mix them up; bounded, it starts afresh when full.
/// </summary>
internal static class IdTexts
{
    public const int MaxRemembered = 16_384;

    private static readonly BoundedMemo<Guid, string> Texts = new(static g => g.ToString("N"), MaxRemembered);

    /// <summary>The id's "N" text (32 hex digits), made once while remembered.</summary>
    public static string Of(Guid id) => Texts.Of(id);
}
