namespace CaucusRooms.Server.Infrastructure;

/// <summary>
/// A value made once per key on a hot path (a person's group name, an id's text, a room's Redis keys) and kept while
/// remembered, in a <see cref="BoundedTable{TKey, TValue}"/>: a value is only ever made again, never wrong, and the
/// table never grows with the run.
/// </summary>
internal sealed class BoundedMemo<TKey, TValue>(Func<TKey, TValue> make, int maxRemembered) where TKey : notnull
{
    private readonly BoundedTable<TKey, TValue> _values = new(maxRemembered);

    /// <summary>Values kept now (at most about the bound: calls racing a fresh start may each add one more).</summary>
    public int Count => _values.Count;

    public TValue Of(TKey key) => _values.GetOrAdd(key, make);
}
