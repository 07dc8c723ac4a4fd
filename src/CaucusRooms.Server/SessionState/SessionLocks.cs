using CaucusRooms.Domain;

namespace CaucusRooms.Server.SessionState;

/// <summary>
/// Serializes everything that reads or changes who may receive what in one session (see
/// <see cref="SessionLocks"/>): on this node only, or across every node (Redis).
/// </summary>
internal interface ISessionLocks
{
    /// <summary>Waits for the session's lock; disposing the result releases it.</summary>
    Task<IDisposable> AcquireAsync(SessionId session, CancellationToken ct = default);

    /// <summary>
    /// Waits until whoever on this node holds the session's lock (or waits for it ahead of this call) has let it go, taking
    /// this node's gate for that turn only and letting it go at once (the session's lock on other nodes is never taken), and
    /// says whether someone here held it (false at once when nobody here does: a holder on another node is not waited for).
    /// </summary>
    Task<bool> WaitWhileHeldHereAsync(SessionId session, CancellationToken ct = default);
}

/// <summary>
/// Serializes everything that reads or changes who may receive what in one session: moves,
/// admissions, removals, connects and sends. So a message is delivered to exactly the
/// connections entitled at the moment it is sent, never to one in the middle of a move.
/// </summary>
/// <remarks>
/// A session's gate lives only while someone holds it or waits for it, so the table holds the sessions busy now, not every
/// session ever seen. A gate nobody holds or awaits any more is kept for the next session that needs one (a few of them):
/// every uncontended send took a new gate and semaphore before.
/// </remarks>
internal sealed class SessionLocks : ISessionLocks
{
    /// <summary>Idle gates kept for reuse at most.</summary>
    public const int MaxSpareGates = 64;

    private readonly Lock _table = new();
    private readonly Dictionary<SessionId, Gate> _gates = [];
    private readonly Stack<Gate> _spare = new();

    /// <summary>Sessions whose gate is held or awaited now.</summary>
    public int Count
    {
        get { lock (_table) return _gates.Count; }
    }

    public async Task<IDisposable> AcquireAsync(SessionId session, CancellationToken ct = default)
    {
        Gate gate;
        lock (_table)
        {
            if (!_gates.TryGetValue(session, out gate!)) _gates[session] = gate = _spare.TryPop(out var spare) ? spare : new Gate();
            gate.Users++;
        }
        try
        {
            await gate.Semaphore.WaitAsync(ct);
        }
        catch
        {
            Leave(session, gate);
            throw;
        }
        return new Releaser(this, session, gate);
    }

    public async Task<bool> WaitWhileHeldHereAsync(SessionId session, CancellationToken ct = default)
    {
        lock (_table)
        {
            if (!_gates.ContainsKey(session)) return false;
        }
        using var _ = await AcquireAsync(session, ct);
        return true;
    }

    private void Leave(SessionId session, Gate gate)
    {
        lock (_table)
        {
            if (--gate.Users != 0) return;
            _gates.Remove(session);
            // Nobody holds it or waits for it: its semaphore is free again, as a new one would be.
            if (_spare.Count < MaxSpareGates) _spare.Push(gate);
        }
    }

    private sealed class Gate
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        public int Users { get; set; }
    }

    private sealed class Releaser(SessionLocks owner, SessionId session, Gate gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) != 0) return;
            gate.Semaphore.Release();
            owner.Leave(session, gate);
        }
    }
}
