using System.Diagnostics;
using System.Security.Cryptography;
using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.Connections;
using CaucusRooms.Server.Infrastructure;
using CaucusRooms.Server.SessionState;

namespace CaucusRooms.Server.Admin;

/// <summary>
/// Builds the admin's view from counts alone, over every live node: this node's figures taken now,
/// the others' as they last published them. It reads sessions only to count rooms and people;
/// nothing that names a person, a session or a word said leaves this class.
/// </summary>
internal sealed class HealthFigures(
    CaucusMetrics metrics,
    IConnectionRegistry connections,
    SessionRepository sessions,
    HealthSampler sampler,
    IBackplaneProbe backplane,
    INodeDirectory nodes,
    IOpaqueIdKey opaqueIdKey,
    TimeProvider clock)
{
    public async Task<AdminHealthDto> CollectAsync(CancellationToken ct = default)
    {
        var mine = await ThisNodeAsync(ct);
        var all = (await nodes.AllAsync(mine, ct)).OrderBy(n => n.StartedAt).ToList();

        // A session with connections on several nodes is one session: its connections add up, its rooms count once.
        var sessionFigures = all.SelectMany(n => n.Sessions).GroupBy(s => s.OpaqueId)
            .Select(g => (Session: new SessionHealthDto(g.Key, g.Sum(s => s.Connections), g.Max(s => s.InRooms), g.Max(s => s.Waiting)), g.First().Rooms))
            .ToList();
        var rooms = Enum.GetValues<RoomKind>().Select(k =>
        {
            var ofKind = sessionFigures.SelectMany(s => s.Rooms).Where(r => r.Kind == k.ToString()).ToList();
            return new RoomOccupancyDto(k.ToString(), ofKind.Sum(r => r.Rooms), ofKind.Sum(r => r.Occupants));
        });
        var refused = all.SelectMany(n => n.Refused).GroupBy(r => (r.Operation, r.Reason))
            .Select(g => new RefusalCountDto(g.Key.Operation, g.Key.Reason, g.Sum(r => r.Count))).OrderByDescending(r => r.Count);

        return new AdminHealthDto(
            clock.GetUtcNow(),
            [.. all.Select(n => new NodeHealthDto(n.Node, n.Connections, n.StartedAt, n.MessagesPerMinute, n.DeliveryLatencyMs.P95, n.Process.CpuPercent, n.Process.WorkingSetBytes, n.At))],
            all.Sum(n => n.Connections),
            sessionFigures.Count,
            [.. rooms],
            [.. sessionFigures.Select(s => s.Session)],
            all.Sum(n => n.MessagesPerMinute),
            Worst(all.Select(n => n.DeliveryLatencyMs)),
            all.Sum(n => n.Reconnects),
            [.. refused],
            all.Sum(n => n.SignalRelays),
            await backplane.ProbeAsync(ct),
            mine.Process,
            sampler.History);
    }

    /// <summary>This node's figures now, as it publishes them for the other nodes.</summary>
    public async Task<NodeFigures> ThisNodeAsync(CancellationToken ct = default)
    {
        var key = await opaqueIdKey.GetAsync(ct);
        var sessionFigures = new List<NodeSessionFigures>();
        foreach (var (id, open) in connections.PerSession())
        {
            if (await sessions.LoadAsync(id, ct) is not { IsClosed: false } session) continue;
            var rooms = session.Rooms.GroupBy(r => r.Kind)
                .Select(g => new RoomOccupancyDto(g.Key.ToString(), g.Count(), g.Sum(r => Entitlements.PresentIn(session, r.Id).Count)))
                .ToList();
            sessionFigures.Add(new NodeSessionFigures(OpaqueId(key, id), open, session.People.Count(p => p.IsAdmitted), session.People.Count(p => p.IsInLobby), rooms));
        }

        var (p50, p95, p99, samples) = metrics.Latency();
        using var process = Process.GetCurrentProcess();
        return new NodeFigures(
            nodes.NodeId,
            Environment.MachineName + "/" + Environment.ProcessId,
            clock.GetUtcNow(),
            sampler.StartedAt,
            connections.Count,
            metrics.MessagesPerMinute,
            new LatencyDto(Math.Round(p50, 2), Math.Round(p95, 2), Math.Round(p99, 2), samples),
            metrics.Reconnects,
            metrics.SignalRelays,
            [.. metrics.RefusedTally.Select(r => new RefusalCountDto(r.Kind.Operation, r.Kind.Reason, r.Count))],
            new ProcessHealthDto(process.WorkingSet64, GC.GetTotalMemory(false), sampler.CpuPercent,
                GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)),
            sessionFigures);
    }

    // Percentiles of several nodes do not add up: the admin sees the worst node's, over all samples.
    private static LatencyDto Worst(IEnumerable<LatencyDto> latencies)
    {
        var list = latencies.ToList();
        return new LatencyDto(list.Max(l => l.P50), list.Max(l => l.P95), list.Max(l => l.P99), list.Sum(l => l.Samples));
    }

    /// <summary>A stable id for the admin's eyes that cannot be turned back into the session's real id.</summary>
    private static string OpaqueId(byte[] key, SessionId id) =>
        Convert.ToHexString(HMACSHA256.HashData(key, id.Value.ToByteArray()))[..12].ToLowerInvariant();
}
