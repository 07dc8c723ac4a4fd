using CaucusRooms.Domain;
using CaucusRooms.Server.Infrastructure;
using CaucusRooms.Server.Messages;
using CaucusRooms.Server.Notes;
using Microsoft.Extensions.Options;

namespace CaucusRooms.Server.Audit;

/// <summary>
/// Purges a closed session's messages, its shared documents and its mediators' private notes (and with them, where they are
/// encrypted, its data key) when its retention runs out, and drops audit trails past theirs.
/// </summary>
internal sealed class Retention(
    IMessageStore messages,
    IMediatorNotesStore notes,
    IPurgedWithMessages documents,
    IAuditStore audits,
    AuditTrail audit,
    IPurgeSchedule schedule,
    IOptions<RetentionOptions> options,
    TimeProvider clock,
    ILogger<Retention> logger) : BackgroundService
{
    public async Task SessionClosedAsync(MediationSession session)
    {
        var delay = options.Value.Messages;
        if (delay <= TimeSpan.Zero)
        {
            await PurgeAsync(session.Id, [.. session.Rooms.Select(r => r.Id)]);
            return;
        }
        // Kept in the store and swept by every node: a restart of this node does not lose it.
        await schedule.ScheduleAsync(new DuePurge(session.Id, [.. session.Rooms.Select(r => r.Id)], clock.GetUtcNow() + delay));
    }

    /// <summary>Carries out the due purges this node claimed; one that fails (Redis away) comes due again when its lease ends.</summary>
    private async Task SweepPurgesAsync(CancellationToken ct)
    {
        foreach (var purge in await schedule.ClaimDueAsync(clock.GetUtcNow(), PurgeLease, max: 100, ct))
        {
            await PurgeAsync(purge.Session, purge.Rooms);
            await schedule.CompleteAsync(purge, ct);
        }
    }

    private static readonly TimeSpan PurgeLease = TimeSpan.FromMinutes(5);

    private async Task PurgeAsync(SessionId session, IReadOnlyList<RoomId> rooms)
    {
        await notes.PurgeAsync(session);
        await documents.PurgeAsync(session);
        await messages.PurgeSessionAsync(session, rooms);
        await audit.RecordPurgeAsync(session);
    }

    /// <summary>The audit sweep: at start, then every hour; after a failure again in 5 s, backing off up to the hour.</summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.WhenAll(
        BackgroundLoop.RunAsync("audit retention sweep", SweepAsync,
            new LoopTiming(TimeSpan.Zero, TimeSpan.FromHours(1), TimeSpan.FromSeconds(5)), clock, logger, stoppingToken),
        BackgroundLoop.RunAsync("purge sweep", SweepPurgesAsync,
            new LoopTiming(options.Value.PurgeSweep, options.Value.PurgeSweep, TimeSpan.FromSeconds(5)), clock, logger, stoppingToken));

    private async Task SweepAsync(CancellationToken ct)
    {
        var dropped = await audits.DeleteClosedBeforeAsync(clock.GetUtcNow() - options.Value.Audit, ct);
        if (dropped > 0) Log.AuditTrailsDropped(logger, dropped);
    }
}
