using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.Audit;

namespace CaucusRooms.Server.Documents;

/// <summary>
/// A document as stored beside its content: the room it was shared in, its readers fixed at that moment, and the
/// SHA-256 of its content (the consent rule finds a caucus copy by it). A copy a mediator relayed from a caucus with
/// its side's consent names that caucus document (<paramref name="SharedFrom"/>).
/// </summary>
internal sealed record StoredDocument(
    Guid DocumentId, RoomId Room, string Name, DocumentKind Kind, long Size, string Sha256,
    ParticipantId SharedBy, string SharedByName, DateTimeOffset SharedAt, IReadOnlyList<ParticipantId> Readers, SharedFromDto? SharedFrom = null);

/// <summary>The documents shared in a session's rooms: in memory by default, sealed in Redis when configured.</summary>
internal interface IDocumentStore : IPurgedWithMessages
{
    Task AddAsync(SessionId session, StoredDocument document, byte[] content, CancellationToken ct = default);

    /// <summary>Every document of the session, oldest first (callers filter by who may see them).</summary>
    Task<IReadOnlyList<StoredDocument>> ListAsync(SessionId session, CancellationToken ct = default);

    Task<byte[]?> ContentAsync(SessionId session, Guid document, CancellationToken ct = default);
}

internal sealed class InMemoryDocumentStore : IDocumentStore
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<SessionId, List<(StoredDocument Document, byte[] Content)>> _sessions = new();

    public Task AddAsync(SessionId session, StoredDocument document, byte[] content, CancellationToken ct = default)
    {
        var documents = _sessions.GetOrAdd(session, _ => []);
        lock (documents) documents.Add((document, content));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<StoredDocument>> ListAsync(SessionId session, CancellationToken ct = default)
    {
        if (!_sessions.TryGetValue(session, out var documents)) return Task.FromResult<IReadOnlyList<StoredDocument>>([]);
        lock (documents) return Task.FromResult<IReadOnlyList<StoredDocument>>([.. documents.Select(d => d.Document).OrderBy(d => d.SharedAt).ThenBy(d => d.DocumentId)]);
    }

    public Task<byte[]?> ContentAsync(SessionId session, Guid document, CancellationToken ct = default)
    {
        if (!_sessions.TryGetValue(session, out var documents)) return Task.FromResult<byte[]?>(null);
        lock (documents) return Task.FromResult<byte[]?>(documents.Find(d => d.Document.DocumentId == document).Content);
    }

    public Task PurgeAsync(SessionId session, CancellationToken ct = default)
    {
        _sessions.TryRemove(session, out _);
        return Task.CompletedTask;
    }
}
