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
            await PurgeAsync(session.Id, [.. session.Rooms.Select(r => r.Id)]);
        });
    }

    private async Task PurgeAsync(SessionId session, IReadOnlyList<RoomId> rooms)
    {
        await messages.PurgeSessionAsync(session, rooms);
        await audit.RecordPurgeAsync(session);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        do
        {
            var dropped = await audits.DeleteClosedBeforeAsync(clock.GetUtcNow() - options.Value.Audit, stoppingToken);
            if (dropped > 0) Infrastructure.Log.AuditTrailsDropped(logger, dropped);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
