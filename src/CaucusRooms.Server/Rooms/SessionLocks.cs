using System.Collections.Concurrent;
using CaucusRooms.Domain;

namespace CaucusRooms.Server.Rooms;

/// <summary>
/// Serializes everything that reads or changes who may receive what in one session (see
/// <see cref="SessionLocks"/>): on this node only, or across every node (Redis).
/// </summary>
internal interface ISessionLocks
{
    /// <summary>Waits for the session's lock; disposing the result releases it.</summary>
    Task<IDisposable> AcquireAsync(SessionId session, CancellationToken ct = default);
}

/// <summary>
/// Serializes everything that reads or changes who may receive what in one session: moves,
/// admissions, removals, connects and sends. So a message is delivered to exactly the
/// connections entitled at the moment it is sent, never to one in the middle of a move.
/// </summary>
internal sealed class SessionLocks : ISessionLocks
{
    private readonly ConcurrentDictionary<SessionId, SemaphoreSlim> _locks = new();

    public async Task<IDisposable> AcquireAsync(SessionId session, CancellationToken ct = default)
    {
        var gate = _locks.GetOrAdd(session, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        return new Releaser(gate);
    }

    private sealed class Releaser(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate.Release();
        }
    }
}
