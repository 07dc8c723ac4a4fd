namespace CaucusRooms.Server.Infrastructure;

/// <summary>
/// A session kept busy by other changes for longer than a caller waits (its lock held past <c>MaxWait</c>, or its version
/// changing under every attempt of a send): nothing was done, and the caller is told so and to try again. A
/// <see cref="TimeoutException"/>, as a background loop takes it (a passing fault), but no outage: Redis answered, and
/// the log and the person say "busy", not "shared storage unavailable".
/// </summary>
internal sealed class SessionBusyException : TimeoutException
{
    public const string Error = "Busy";

    public const string Sentence =
        "The session is busy with other changes right now, so this was not done. " +
        "Keep your draft and try again in a moment; a retry never sends a message twice.";

    public SessionBusyException() : base(Sentence)
    {
    }

    public SessionBusyException(string message) : base(message)
    {
    }

    public SessionBusyException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
