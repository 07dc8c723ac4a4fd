using System.Collections.Concurrent;
using CaucusRooms.Domain;
using CaucusRooms.Server.Rooms;
using StackExchange.Redis;

namespace CaucusRooms.Server.Redis;

/// <summary>
/// The per-session lock across nodes: a Redis key set only if absent, with a lease so a
/// crashed node cannot hold it forever, released only by its holder. Waiters on this node
/// queue on a local semaphore first, so only one of them polls Redis.
/// </summary>
internal sealed class RedisSessionLocks(IConnectionMultiplexer redis, TimeProvider clock) : ISessionLocks
{
    /// <summary>Far longer than any change or send holds it; short enough that a crashed holder is forgotten soon.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(8);

    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(10);

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    private readonly ConcurrentDictionary<SessionId, SemaphoreSlim> _local = new();

    public async Task<IDisposable> AcquireAsync(SessionId session, CancellationToken ct = default)
    {
        var gate = _local.GetOrAdd(session, _ => new SemaphoreSlim(1, 1));
        if (!await gate.WaitAsync(MaxWait, ct)) throw new TimeoutException("The session is busy; try again.");
        try
        {
            var db = redis.GetDatabase();
            var key = RedisKeys.SessionLock(session);
            var token = Guid.NewGuid().ToString("N");
            var deadline = clock.GetUtcNow() + MaxWait;
            var delay = TimeSpan.FromMilliseconds(2);
            while (true)
            {
                if (await db.StringSetAsync(key, token, Lease, When.NotExists)) return new Releaser(db, key, token, gate);
                if (clock.GetUtcNow() > deadline) throw new TimeoutException("The session is busy; try again.");
                await Task.Delay(delay, ct);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 50));
            }
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    private sealed class Releaser(IDatabase db, RedisKey key, string token, SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) != 0) return;
            // Sent before anything this node sends next, so a local waiter's SET NX comes after it;
            // if Redis is away the lease frees the key.
            try { db.ScriptEvaluate(ReleaseScript, [key], [token], CommandFlags.FireAndForget); }
            catch (RedisException) { }
            finally { gate.Release(); }
        }
    }
}
