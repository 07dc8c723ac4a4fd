using CaucusRooms.Domain;

namespace CaucusRooms.Server.Toolkit;

internal static partial class ToolkitLog
{
    [LoggerMessage(60, LogLevel.Warning, "A room timer of session {Session} could not end ({ExceptionType}); the clients still count down to its deadline.")]
    public static partial void TimerNoticeFailed(ILogger logger, SessionId session, string exceptionType);
}
