using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace CaucusRooms.Server.Infrastructure;

/// <summary>
/// What a node remembers per key on a hot path (the session it last read or opened, an aggregate built once, a value
/// made once): bounded, so when about <c>maxRemembered</c> are kept it starts afresh and never grows with the run; what
/// is forgotten is only read or made again, never wrong. The count is its own and only about right (racing calls around
/// a fresh start, or a removal racing a put, may each be off by one): a dictionary's count takes every one of its locks,
/// and asking it on every put showed as lock spinning under load.
/// </summary>
internal sealed class BoundedTable<TKey, TValue>(int maxRemembered) where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, TValue> _values = new();
    private int _count;

    /// <summary>Values kept now (the dictionary's own count: for tests and figures, not for the hot path).</summary>
    public int Count => _values.Count;

    public bool TryGetValue(TKey key, [MaybeNullWhen(false)] out TValue value) => _values.TryGetValue(key, out value);

    public void Remove(TKey key)
    {
        if (_values.TryRemove(key, out _)) Interlocked.Decrement(ref _count);
    }

    /// <summary>Keeps <paramref name="value"/> for <paramref name="key"/>, unless <paramref name="keepKept"/> says the value kept already stays (it is newer).</summary>
    public void Put(TKey key, TValue value, Func<TValue, TValue, bool>? keepKept = null)
    {
        StartAfreshAtTheBound();
        if (_values.TryAdd(key, value))
        {
            Interlocked.Increment(ref _count);
            return;
        }
        _values.AddOrUpdate(key, static (_, put) => put.Value, static (_, kept, put) => put.KeepKept is { } keep && keep(kept, put.Value) ? kept : put.Value, (Value: value, KeepKept: keepKept));
    }

    /// <summary>The value kept for <paramref name="key"/>, or one made now and kept; callers racing for a key all get the one kept.</summary>
    public TValue GetOrAdd(TKey key, Func<TKey, TValue> make)
    {
        ArgumentNullException.ThrowIfNull(make);
        if (_values.TryGetValue(key, out var value)) return value;
        StartAfreshAtTheBound();
        var made = make(key);
        if (_values.TryAdd(key, made))
        {
            Interlocked.Increment(ref _count);
            return made;
        }
        return _values.TryGetValue(key, out value) ? value : made;
    }

    private void StartAfreshAtTheBound()
    {
        if (Volatile.Read(ref _count) < maxRemembered) return;
        _values.Clear();
        Interlocked.Exchange(ref _count, 0);
    }
}
