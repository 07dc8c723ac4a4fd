using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CaucusRooms.Server.Rooms;

/// <summary>
/// Reads a hub argument's JSON string as written, a lone surrogate escape (<c>"\ud800"</c>)
/// included. System.Text.Json refuses to make such a string, so the call failed to bind and
/// the caller got SignalR's bare "Failed to invoke"; read verbatim, it reaches the hub, which
/// refuses it by name (<see cref="MessageText"/>) or finds no such id. Every other string is
/// read and written exactly as before.
/// </summary>
internal sealed class VerbatimStringConverter : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException) when (reader.TokenType == JsonTokenType.String && reader.ValueIsEscaped)
        {
            var raw = reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray();
            // Invalid UTF-8 outside the escapes still fails, as before: Strict throws, it does not replace.
            return Unescape(Strict.GetString(raw));
        }
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>JSON's escapes (already checked by the reader), with \uXXXX taken one code unit at a time.</summary>
    private static string Unescape(string escaped)
    {
        var text = new StringBuilder(escaped.Length);
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] != '\\')
            {
                text.Append(escaped[i]);
                continue;
            }
            var code = escaped[++i];
            if (code == 'u')
            {
                text.Append((char)ushort.Parse(escaped.AsSpan(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
                i += 4;
                continue;
            }
            text.Append(code switch
            {
                'b' => '\b',
                'f' => '\f',
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                _ => code, // \" \\ \/
            });
        }
        return text.ToString();
    }
}
