using System.ComponentModel.DataAnnotations;

namespace CaucusRooms.Server.Messages;

/// <summary>How much the embedded in-memory default keeps (<c>InMemory:*</c>); Redis mode keeps everything until purge.</summary>
internal sealed class InMemoryOptions
{
    public const string Section = "InMemory";

    /// <summary>The most recent messages kept per room, on the heap and in the room's sealed file together; older ones are dropped.</summary>
    [Range(100, 10_000_000)]
    public int MaxMessagesPerRoom { get; set; } = InMemoryMessageStore.DefaultMaxPerRoom;

    /// <summary>
    /// The most recent messages per room kept on the heap (at most <see cref="MaxMessagesPerRoom"/>), with their idempotency
    /// keys; older ones go, in blocks, to the room's sealed file, so the heap does not grow with the length of a run.
    /// </summary>
    [Range(10, 10_000_000)]
    public int HotMessagesPerRoom { get; set; } = InMemoryMessageStore.DefaultHotPerRoom;
}
