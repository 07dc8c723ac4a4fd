using System.ComponentModel.DataAnnotations;

namespace CaucusRooms.Server.Messages;

/// <summary>How much the embedded in-memory default keeps (<c>InMemory:*</c>); Redis mode keeps everything until purge.</summary>
internal sealed class InMemoryOptions
{
    public const string Section = "InMemory";

    /// <summary>The most recent messages kept per room; older ones are dropped with their idempotency keys.</summary>
    [Range(100, 10_000_000)]
    public int MaxMessagesPerRoom { get; set; } = InMemoryMessageStore.DefaultMaxPerRoom;
}
