using CaucusRooms.Domain;

namespace CaucusRooms.Server.Notes;

/// <summary>The session's private notes as stored: the text, when and by whom they were last saved.</summary>
internal sealed record StoredNotes(string Text, DateTimeOffset SavedAt, ParticipantId SavedBy, string SavedByName);

/// <summary>One notepad per session, for its mediators only: in memory by default, sealed in Redis when configured.</summary>
internal interface IMediatorNotesStore
{
    Task<StoredNotes?> GetAsync(SessionId session, CancellationToken ct = default);

    /// <summary>Replaces the notes whole: the last save wins.</summary>
    Task SaveAsync(SessionId session, StoredNotes notes, CancellationToken ct = default);

    /// <summary>Deletes the notes (the session's purge).</summary>
    Task PurgeAsync(SessionId session, CancellationToken ct = default);
}

internal sealed class InMemoryMediatorNotesStore : IMediatorNotesStore
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<SessionId, StoredNotes> _notes = new();

    public Task<StoredNotes?> GetAsync(SessionId session, CancellationToken ct = default) => Task.FromResult(_notes.GetValueOrDefault(session));

    public Task SaveAsync(SessionId session, StoredNotes notes, CancellationToken ct = default)
    {
        _notes[session] = notes;
        return Task.CompletedTask;
    }

    public Task PurgeAsync(SessionId session, CancellationToken ct = default)
    {
        _notes.TryRemove(session, out _);
        return Task.CompletedTask;
    }
}
