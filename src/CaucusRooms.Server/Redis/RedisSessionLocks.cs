using System.Collections.Concurrent;
using CaucusRooms.Domain;
using CaucusRooms.Server.Infrastructure;
using CaucusRooms.Server.SessionState;
using StackExchange.Redis;

namespace CaucusRooms.Server.Redis;

/// <summary>
/// The per-session lock across nodes: taken with <c>SET NX PX</c> (a lease, so a crashed node
/// cannot hold it forever), extended every quarter lease while it is held, so a slow holder keeps
/// it instead of losing it silently, and released by its holder only. Extending and releasing
/// compare the holder's token and act in one Lua script: StackExchange.Redis' own
/// <c>LockExtend</c>/<c>LockRelease</c> are transactions with a condition, which on an idle
/// connection waited up to its 1 s heartbeat before being sent (measured 0.7–0.9 s), long enough
/// to lose a short lease and to hold every other node's waiter back after a release.
/// Waiters on this node queue on a local semaphore first, so only one of them polls Redis.
/// </summary>
internal sealed class RedisSessionLocks(IConnectionMultiplexer redis, TimeProvider clock, ILogger<RedisSessionLocks> logger, TimeSpan? lease = null) : ISessionLocks
{
    /// <summary>Far longer than any change or send holds it between renewals; short enough that a crashed holder is forgotten soon.</summary>
    public static readonly TimeSpan DefaultLease = TimeSpan.FromSeconds(8);

    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(10);

    private const string ExtendScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        return 0
        """;

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    private readonly TimeSpan _lease = lease ?? DefaultLease;
    private readonly ConcurrentDictionary<SessionId, SemaphoreSlim> _local = new();

    public async Task<IDisposable> AcquireAsync(SessionId session, CancellationToken ct = default)
    {
        var gate = _local.GetOrAdd(session, _ => new SemaphoreSlim(1, 1));
        if (!await gate.WaitAsync(MaxWait, ct)) throw new SessionBusyException();
        try
        {
            var db = redis.GetDatabase();
            var key = RedisKeys.SessionLock(session);
            var token = Guid.NewGuid().ToString("N");
            var deadline = clock.GetUtcNow() + MaxWait;
            var delay = TimeSpan.FromMilliseconds(2);
            while (!await db.StringSetAsync(key, token, _lease, When.NotExists))
            {
                if (clock.GetUtcNow() > deadline) throw new SessionBusyException();
                await Task.Delay(delay, clock, ct);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 50));
            }
            return new Held(this, clock, session, db, key, token, gate);
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    /// <summary>The local gate only: a change made on this node ends, or the wait gives up as a lock wait does (Busy).</summary>
    public async Task<bool> WaitWhileHeldHereAsync(SessionId session, CancellationToken ct = default)
    {
        if (!_local.TryGetValue(session, out var gate) || gate.CurrentCount > 0) return false;
        if (!await gate.WaitAsync(MaxWait, ct)) throw new SessionBusyException();
        gate.Release();
        return true;
    }

    /// <summary>
    /// Extends the lease by one script call. A failed extension (Redis away) is logged and tried again at the next quarter;
    /// an extension refused because the key is gone or another holder has it means the lease ran out: logged as an error,
    /// never silent.
    /// </summary>
    private async Task RenewAsync(Held held)
    {
        bool extended;
        try
        {
            extended = (long)await held.Db.ScriptEvaluateAsync(ExtendScript, [held.Key], [held.Token, (long)_lease.TotalMilliseconds]) == 1;
        }
        catch (Exception e) when (StoreOutage.IsOutage(e))
        {
            Log.RedisCallFailed(logger, "session lock renewal", e);
            return;
        }
        if (!extended && !held.Released) Log.SessionLockLost(logger, held.Session);
    }

    /// <summary>
    /// A held lock. Its lease is extended by a timer every quarter lease, not by a loop waiting on a cancellation: releasing
    /// it disposes the timer and throws nothing (a cancelled wait threw, and built its stack trace, on every release). The
    /// release is queued on the multiplexer without blocking the releasing thread.
    /// </summary>
    private sealed class Held : IDisposable
    {
        private readonly RedisSessionLocks _locks;
        private readonly SemaphoreSlim _gate;
        private readonly ITimer _renewal;
        private int _released;

        public Held(RedisSessionLocks locks, TimeProvider clock, SessionId session, IDatabase db, RedisKey key, string token, SemaphoreSlim gate)
        {
            (_locks, Session, Db, Key, Token, _gate) = (locks, session, db, key, token, gate);
            var quarter = locks._lease / 4;
            _renewal = clock.CreateTimer(static state => _ = ((Held)state!).RenewOnceAsync(), this, quarter, quarter);
        }

        public SessionId Session { get; }

        public IDatabase Db { get; }

        public RedisKey Key { get; }

        public string Token { get; }

        public bool Released => Volatile.Read(ref _released) != 0;

        private Task RenewOnceAsync() => Released ? Task.CompletedTask : _locks.RenewAsync(this);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) != 0) return;
            _renewal.Dispose();
            // Queued before anything this node sends next, so a local waiter's SET NX comes after it;
            // if Redis is away the lease frees the key.
            try { _ = Db.ScriptEvaluateAsync(ReleaseScript, [Key], [Token], CommandFlags.FireAndForget); }
            catch (Exception e) when (StoreOutage.IsOutage(e)) { }
            finally { _gate.Release(); }
        }
    }
}
