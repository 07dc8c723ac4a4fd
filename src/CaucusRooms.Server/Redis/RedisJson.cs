using System.Text.Json;

namespace CaucusRooms.Server.Redis;

/// <summary>The one JSON form of everything stored in Redis.</summary>
internal static class RedisJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>UTF-8 bytes, written once: what is published as it is (no string between the serializer and Redis).</summary>
    public static byte[] WriteUtf8<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    public static T Read<T>(ReadOnlySpan<byte> json) => JsonSerializer.Deserialize<T>(json, Options)
        ?? throw new InvalidDataException($"Stored {typeof(T).Name} is empty.");

    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)
        ?? throw new InvalidDataException($"Stored {typeof(T).Name} is empty.");
}
