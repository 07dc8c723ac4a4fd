using System.Text.Json;
using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.Connections;
using CaucusRooms.Server.Infrastructure;
using CaucusRooms.Server.SessionState;
using Microsoft.Extensions.Options;

namespace CaucusRooms.Server.Video;

/// <summary>
/// Relays WebRTC signaling between two people only while both are located in the same room
/// (invariant 8), checked under the session's lock so a relay never overtakes a move.
/// </summary>
internal sealed class SignalRelay(SessionRepository sessions, ISessionClients hub, CaucusMetrics metrics, IOptions<IceOptions> ice)
{
    public async Task<Refusal?> RelayAsync(SessionId sessionId, ParticipantId from, ParticipantId to, string? payload, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(payload) || payload.Length > HubPaths.MaxSignalLength)
            return new Refusal(RefusalReason.InvalidInput, $"A signaling payload must be 1 to {HubPaths.MaxSignalLength} characters of JSON.");
        if (!IsJson(payload))
            return new Refusal(RefusalReason.InvalidInput, "A signaling payload must be JSON.");

        return await sessions.UnderLockAsync(sessionId, async session =>
        {
            if (session is null || !Entitlements.MayExchangeMedia(session, from, to))
                return new Refusal(RefusalReason.NotEntitled, "You can only exchange video with someone in the same room as you.");
            // Relay-only: a trickled host or reflexive candidate goes nowhere (not refused: the sender's browser found it, it did nothing wrong).
            var relayed = ice.Value.RelayOnly ? CandidateFilter.RelayOnly(payload) : payload;
            if (relayed is null) return (Refusal?)null;
            await hub.Clients.Person(to).SignalReceived(new SignalDto(from.ToString(), relayed));
            metrics.SignalRelayed();
            return (Refusal?)null;
        }, ct);
    }

    private static bool IsJson(string payload)
    {
        try
        {
            using var _ = JsonDocument.Parse(payload);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
