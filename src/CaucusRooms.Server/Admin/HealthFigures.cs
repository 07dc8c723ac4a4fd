using System.Diagnostics;
using System.Security.Cryptography;
using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.Infrastructure;
using CaucusRooms.Server.Rooms;
using CaucusRooms.Server.Sessions;

namespace CaucusRooms.Server.Admin;

/// <summary>
/// Builds the admin's view from counts alone. It reads sessions only to count rooms and people;
/// nothing that names a person, a session or a word said leaves this class.
/// </summary>
internal sealed class HealthFigures(
    CaucusMetrics metrics,
    IConnectionRegistry connections,
    SessionCoordinator sessions,
    HealthSampler sampler,
    IBackplaneProbe backplane,
    TimeProvider clock)
{
    private static readonly byte[] OpaqueKey = RandomNumberGenerator.GetBytes(32);

    public async Task<AdminHealthDto> CollectAsync(CancellationToken ct = default)
    {
        var perSession = connections.PerSession();
        var rooms = new Dictionary<RoomKind, (int Rooms, int Occupants)>();
        var sessionFigures = new List<SessionHealthDto>();
        foreach (var (id, open) in perSession)
        {
            if (await sessions.LoadAsync(id, ct) is not { IsClosed: false } session) continue;
            foreach (var room in session.Rooms)
            {
                var (n, occupants) = rooms.GetValueOrDefault(room.Kind);
                rooms[room.Kind] = (n + 1, occupants + Entitlements.PresentIn(session, room.Id).Count);
            }
            sessionFigures.Add(new SessionHealthDto(OpaqueId(id), open, session.People.Count(p => p.IsAdmitted), session.People.Count(p => p.IsInLobby)));
        }

        var (p50, p95, p99, samples) = metrics.Latency();
        using var process = Process.GetCurrentProcess();
        return new AdminHealthDto(
            clock.GetUtcNow(),
            [new NodeHealthDto(Environment.MachineName + "/" + Environment.ProcessId, connections.Count, sampler.StartedAt)],
            connections.Count,
            sessionFigures.Count,
            [.. Enum.GetValues<RoomKind>().Select(k => new RoomOccupancyDto(k.ToString(), rooms.GetValueOrDefault(k).Rooms, rooms.GetValueOrDefault(k).Occupants))],
            sessionFigures,
            metrics.MessagesPerMinute,
            new LatencyDto(Math.Round(p50, 2), Math.Round(p95, 2), Math.Round(p99, 2), samples),
            metrics.Reconnects,
            [.. metrics.RefusedTally.Select(r => new RefusalCountDto(r.Kind.Operation, r.Kind.Reason, r.Count))],
            metrics.SignalRelays,
            await backplane.ProbeAsync(ct),
            new ProcessHealthDto(process.WorkingSet64, GC.GetTotalMemory(false), sampler.CpuPercent,
                GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)),
            sampler.History);
    }

    /// <summary>A stable id for the admin's eyes that cannot be turned back into the session's real id.</summary>
    private static string OpaqueId(SessionId id) =>
        Convert.ToHexString(HMACSHA256.HashData(OpaqueKey, id.Value.ToByteArray()))[..12].ToLowerInvariant();
}
