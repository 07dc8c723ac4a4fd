using CaucusRooms.Domain;

namespace CaucusRooms.Server.Infrastructure;

/// <summary>
/// Every log line of the service, with stable event ids. By design none of them takes
/// message text, an invite code, a password or a cookie: only ids and reasons.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "First start: created account '{UserName}' ({Role}) with a random password; it is printed once to the console.")]
    public static partial void BootstrapAccountCreated(ILogger logger, string userName, string role);

    [LoggerMessage(2, LogLevel.Information, "Account '{UserName}' created from configuration.")]
    public static partial void ConfiguredAccountCreated(ILogger logger, string userName);

    [LoggerMessage(10, LogLevel.Information, "Session {SessionId}: {Operation} refused: {Reason}.")]
    public static partial void OperationRefused(ILogger logger, SessionId sessionId, string operation, RefusalReason reason);

    [LoggerMessage(11, LogLevel.Warning, "Hub connection {ConnectionId} refused: {Reason}.")]
    public static partial void ConnectionRefused(ILogger logger, string connectionId, string reason);

    [LoggerMessage(12, LogLevel.Warning, "Hub connection {ConnectionId} is over its rate limit.")]
    public static partial void RateLimited(ILogger logger, string connectionId);

    [LoggerMessage(13, LogLevel.Warning, "WebSocket or negotiate request from a foreign origin refused.")]
    public static partial void ForeignOriginRefused(ILogger logger);

    [LoggerMessage(14, LogLevel.Information, "Session {SessionId}: connections of participant {ParticipantId} closed ({Reason}).")]
    public static partial void ConnectionsClosed(ILogger logger, SessionId sessionId, ParticipantId participantId, string reason);

    [LoggerMessage(15, LogLevel.Information, "Invite redemption refused: {Reason}.")]
    public static partial void InviteRefused(ILogger logger, string reason);

    [LoggerMessage(16, LogLevel.Information, "Dropped {Count} audit trails past their retention.")]
    public static partial void AuditTrailsDropped(ILogger logger, int count);
}
