using System.Collections.Concurrent;

namespace CaucusRooms.Server.Infrastructure;

/// <summary>
/// A text made once per key on a hot path (a person's group name, an id's text) and kept while remembered. Bounded: when
/// full it starts afresh, so a text is only ever made again, never wrong, and the table never grows with the run.
/// </summary>
internal sealed class BoundedTexts<TKey>(Func<TKey, string> make, int maxRemembered) where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, string> _texts = new();

    public string Of(TKey key)
    {
        if (_texts.TryGetValue(key, out var text)) return text;
        if (_texts.Count >= maxRemembered) _texts.Clear();
        return _texts.GetOrAdd(key, make);
    }
}
