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

    [LoggerMessage(30, LogLevel.Warning, "Redis call failed ({Operation}).")]
    public static partial void RedisCallFailed(ILogger logger, string operation, Exception exception);

    [LoggerMessage(31, LogLevel.Warning, "This node's heartbeat had lapsed: closing its {Count} connections so they reconnect with fresh entitlements.")]
    public static partial void NodeLapsed(ILogger logger, int count);

    [LoggerMessage(33, LogLevel.Warning, "Could not close a connection of participant {ParticipantId}.")]
    public static partial void CloseFailed(ILogger logger, ParticipantId participantId, Exception exception);

    [LoggerMessage(36, LogLevel.Error, "Session {SessionId}: this node's lock lease ran out while it still held the lock (renewal refused); another node may have taken it.")]
    public static partial void SessionLockLost(ILogger logger, SessionId sessionId);

    [LoggerMessage(37, LogLevel.Warning, "A message from another node could not be read; it was not delivered here (its readers find it in history).")]
    public static partial void DeliveryUnreadable(ILogger logger, Exception exception);

    [LoggerMessage(38, LogLevel.Information, "A message could not be written to a connection of this node ({ExceptionType}); the connection had closed.")]
    public static partial void DeliveryFailed(ILogger logger, string exceptionType);

    [LoggerMessage(35, LogLevel.Warning, "Closed {Count} connections of this node that the shared registry no longer lists.")]
    public static partial void UnregisteredConnectionsClosed(ILogger logger, int count);

    [LoggerMessage(42, LogLevel.Warning, "The session stayed busy with other changes: {Operation} refused (try again).")]
    public static partial void SessionBusy(ILogger logger, string operation);

    [LoggerMessage(32, LogLevel.Warning, "Shared state (Redis) unavailable: {Operation} refused.")]
    public static partial void StoreUnavailable(ILogger logger, string operation, Exception exception);

    [LoggerMessage(40, LogLevel.Warning, "Background work '{Work}' failed ({Failures} in a row); trying again in {RetryAfter}.")]
    public static partial void BackgroundWorkFailed(ILogger logger, string work, int failures, TimeSpan retryAfter, Exception exception);

    [LoggerMessage(41, LogLevel.Information, "Background work '{Work}' works again after {Failures} failed rounds.")]
    public static partial void BackgroundWorkRecovered(ILogger logger, string work, int failures);

    [LoggerMessage(17, LogLevel.Error, "Hub method {Method} failed unexpectedly ({ExceptionType}).")]
    public static partial void HubMethodFailed(ILogger logger, string method, string exceptionType);
}
