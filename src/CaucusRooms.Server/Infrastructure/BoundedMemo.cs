using System.Collections.Concurrent;

namespace CaucusRooms.Server.Infrastructure;

/// <summary>
/// A value made once per key on a hot path (a person's group name, an id's text, a room's Redis keys) and kept while
/// remembered. Bounded: when about <c>maxRemembered</c> are kept it starts afresh, so a value is only ever made again,
/// never wrong, and the table never grows with the run. The count is its own (a dictionary's count takes every one of
/// its locks, and a miss asked for it on every call).
/// </summary>
internal sealed class BoundedMemo<TKey, TValue>(Func<TKey, TValue> make, int maxRemembered) where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, TValue> _values = new();
    private int _count;

    /// <summary>Values kept now (at most about the bound: calls racing a fresh start may each add one more).</summary>
    public int Count => _values.Count;

    public TValue Of(TKey key)
    {
        if (_values.TryGetValue(key, out var value)) return value;
        if (Volatile.Read(ref _count) >= maxRemembered)
        {
            _values.Clear();
            Interlocked.Exchange(ref _count, 0);
        }
        var made = make(key);
        if (_values.TryAdd(key, made))
        {
            Interlocked.Increment(ref _count);
            return made;
        }
        // Another call made it meanwhile: every caller gets the one kept.
        return _values.TryGetValue(key, out value) ? value : made;
    }
}
