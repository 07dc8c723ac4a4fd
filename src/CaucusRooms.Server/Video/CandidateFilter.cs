using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CaucusRooms.Server.Video;

/// <summary>
/// Relay-only signaling: keeps only <c>typ relay</c> ICE candidates in a relayed signal, so no
/// host, server-reflexive or peer-reflexive address of one person ever reaches another. Applies
/// to the candidate lines of an offer's or answer's SDP and to a trickled candidate. A relay
/// candidate's related address (<c>raddr</c>: the sender's own address as the TURN server saw it)
/// and the description's connection addresses are masked too; ICE does not use them.
/// </summary>
internal static partial class CandidateFilter
{
    /// <summary>
    /// The payload with every candidate that is not a relay candidate removed, or null when
    /// nothing relayable is left (a trickled host or reflexive candidate is dropped whole).
    /// </summary>
    public static string? RelayOnly(string payload)
    {
        if (JsonNode.Parse(payload) is not JsonObject signal) return payload;
        var changed = false;
        if (signal["sdp"] is JsonValue sdp && sdp.TryGetValue<string>(out var text))
        {
            var kept = RelayLinesOnly(text);
            if (kept != text) { signal["sdp"] = kept; changed = true; }
        }
        switch (signal["candidate"])
        {
            case null:
                break;
            // RTCIceCandidate.toJSON(): { candidate: "candidate:… typ host …", sdpMid, sdpMLineIndex, usernameFragment }
            case JsonObject candidate when candidate["candidate"] is JsonValue value && value.TryGetValue<string>(out var line):
                if (line.Length == 0) break; // the end of candidates
                if (Relayable(line) is not { } masked) return null;
                if (masked != line) { candidate["candidate"] = masked; changed = true; }
                break;
            default:
                return null;
        }
        return changed ? signal.ToJsonString() : payload;
    }

    /// <summary>The candidate line with its related address masked if it is a relay candidate; null for any other line.</summary>
    public static string? Relayable(string line)
    {
        var fields = line.Split(' ');
        var typ = Array.FindIndex(fields, f => f.Equals("typ", StringComparison.OrdinalIgnoreCase));
        if (typ < 0 || typ + 1 >= fields.Length || !fields[typ + 1].TrimEnd('\r').Equals("relay", StringComparison.OrdinalIgnoreCase)) return null;
        for (var i = typ + 2; i + 1 < fields.Length; i++)
        {
            if (fields[i].Equals("raddr", StringComparison.OrdinalIgnoreCase)) fields[i + 1] = Masked(fields[i + 1], "0.0.0.0");
            else if (fields[i].Equals("rport", StringComparison.OrdinalIgnoreCase)) fields[i + 1] = Masked(fields[i + 1], "0");
        }
        return string.Join(' ', fields);
    }

    // Keeps a line's "\r" when the field ends it.
    private static string Masked(string field, string by) => field.EndsWith('\r') ? by + "\r" : by;

    private static bool IsCandidateLine(string line) =>
        line.StartsWith("a=candidate:", StringComparison.OrdinalIgnoreCase) || line.StartsWith("candidate:", StringComparison.OrdinalIgnoreCase);

    // The connection address (c=) and RTCP address (a=rtcp:) of a description name the default
    // candidate's address; ICE never uses them, so they become the "any" address.
    private static string RelayLinesOnly(string sdp) => string.Join('\n', sdp.Split('\n')
        .Select(l => IsCandidateLine(l.TrimStart()) ? Relayable(l) : Unaddressed(l))
        .OfType<string>());

    private static string Unaddressed(string line) => AddressLine().Replace(line, m => m.Groups[1].Value + (m.Groups[2].Value == "IP6" ? "::" : "0.0.0.0"));

    [GeneratedRegex(@"^((?:c=|a=rtcp:\d+ )IN (IP4|IP6) )[^\s]+", RegexOptions.CultureInvariant)]
    private static partial Regex AddressLine();
}
