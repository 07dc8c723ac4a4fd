using CaucusRooms.Domain;
using CaucusRooms.Server.Rooms;
using Microsoft.Extensions.Options;

namespace CaucusRooms.Server.Audit;

/// <summary>How long things are kept after a session closes (<c>Retention:*</c>).</summary>
internal sealed class RetentionOptions
{
    /// <summary>Message history after close; zero (the default) purges at close.</summary>
    public TimeSpan Messages { get; set; } = TimeSpan.Zero;

    /// <summary>The content-free audit trail after close.</summary>
    public TimeSpan Audit { get; set; } = TimeSpan.FromDays(365);
}

/// <summary>
/// Purges a closed session's messages (and with them, where history is encrypted,
/// its data key) when its retention runs out, and drops audit trails past theirs.
/// </summary>
internal sealed class Retention(
    IMessageStore messages,
    IAuditStore audits,
    AuditTrail audit,
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
        // A node-local timer: a restart before it fires leaves the purge to an operator (see README).
        _ = Task.Run(async () =>
        {
            await Task.Delay(delay, clock);
            await PurgeLaterAsync(session.Id, [.. session.Rooms.Select(r => r.Id)]);
        });
    }

    /// <summary>A due purge that meets a fault (Redis away) is tried again, backing off from 5 s to 10 min, for up to a day.</summary>
    private async Task PurgeLaterAsync(SessionId session, IReadOnlyList<RoomId> rooms)
    {
        var timing = new Infrastructure.LoopTiming(TimeSpan.Zero, TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(5));
        var giveUpAt = clock.GetUtcNow() + TimeSpan.FromDays(1);
        for (var failures = 1; ; failures++)
        {
            try
            {
                await PurgeAsync(session, rooms);
                return;
            }
#pragma warning disable CA1031 // A fire-and-forget purge has no caller to tell: it logs and tries again.
            catch (Exception e)
#pragma warning restore CA1031
            {
                var retryAfter = timing.RetryAfter(failures);
                Infrastructure.Log.BackgroundWorkFailed(logger, "scheduled purge", failures, retryAfter, e);
                if (clock.GetUtcNow() + retryAfter > giveUpAt) return;
                await Task.Delay(retryAfter, clock);
            }
        }
    }

    private async Task PurgeAsync(SessionId session, IReadOnlyList<RoomId> rooms)
    {
        await messages.PurgeSessionAsync(session, rooms);
        await audit.RecordPurgeAsync(session);
    }

    /// <summary>The audit sweep: at start, then every hour; after a failure again in 5 s, backing off up to the hour.</summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Infrastructure.BackgroundLoop.RunAsync("audit retention sweep", SweepAsync,
            new Infrastructure.LoopTiming(TimeSpan.Zero, TimeSpan.FromHours(1), TimeSpan.FromSeconds(5)), clock, logger, stoppingToken);

    private async Task SweepAsync(CancellationToken ct)
    {
        var dropped = await audits.DeleteClosedBeforeAsync(clock.GetUtcNow() - options.Value.Audit, ct);
        if (dropped > 0) Infrastructure.Log.AuditTrailsDropped(logger, dropped);
    }
}
