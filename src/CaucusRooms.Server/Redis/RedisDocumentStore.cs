using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.Documents;
using StackExchange.Redis;

namespace CaucusRooms.Server.Redis;

/// <summary>
/// A session's shared documents: each description (name, room, readers) sealed in one hash, each content sealed under
/// its own key, both with the session's data key — a purge that destroys that key leaves nothing readable.
/// </summary>
internal sealed class RedisDocumentStore(IConnectionMultiplexer redis, SessionDataKeys keys) : IDocumentStore
{
    private IDatabase Db => redis.GetDatabase();

    public async Task AddAsync(SessionId session, StoredDocument document, byte[] content, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        var sealedContent = await keys.SealBytesAsync(session, content, ContentContext(session, document.DocumentId));
        var description = await keys.SealAsync(session, RedisJson.Write(Secret.Of(document)), DescriptionContext(session, document.DocumentId));
        // The content first: a description is never listed whose content is missing.
        await Db.StringSetAsync(RedisKeys.SessionDocument(session, document.DocumentId), sealedContent);
        await Db.HashSetAsync(RedisKeys.SessionDocuments(session), document.DocumentId.ToString("N"), description);
    }

    public async Task<IReadOnlyList<StoredDocument>> ListAsync(SessionId session, CancellationToken ct = default)
    {
        var documents = new List<StoredDocument>();
        foreach (var entry in await Db.HashGetAllAsync(RedisKeys.SessionDocuments(session)))
        {
            var id = Guid.ParseExact(entry.Name.ToString(), "N");
            documents.Add(RedisJson.Read<Secret>(await keys.OpenAsync(session, (byte[])entry.Value!, DescriptionContext(session, id))).ToDocument());
        }
        return [.. documents.OrderBy(d => d.SharedAt).ThenBy(d => d.DocumentId)];
    }

    public async Task<byte[]?> ContentAsync(SessionId session, Guid document, CancellationToken ct = default)
    {
        var value = await Db.StringGetAsync(RedisKeys.SessionDocument(session, document));
        return value.IsNull ? null : await keys.OpenBytesAsync(session, (byte[])value!, ContentContext(session, document));
    }

    public async Task PurgeAsync(SessionId session, CancellationToken ct = default)
    {
        var ids = await Db.HashKeysAsync(RedisKeys.SessionDocuments(session));
        var doomed = ids.Select(id => RedisKeys.SessionDocument(session, Guid.ParseExact(id.ToString(), "N"))).Append(RedisKeys.SessionDocuments(session)).ToArray();
        await Db.KeyDeleteAsync(doomed);
    }

    // Binds each sealed part to its session and document: copied under another id or session it does not open.
    private static string ContentContext(SessionId session, Guid document) => $"document|{session}|{document:N}";

    private static string DescriptionContext(SessionId session, Guid document) => $"document-description|{session}|{document:N}";

    private sealed record Secret(
        Guid DocumentId, Guid Room, string Name, DocumentKind Kind, long Size, string Sha256, Guid SharedBy, string SharedByName, DateTimeOffset SharedAt, Guid[] Readers,
        string? SharedFromItem = null, string? SharedFromSide = null)
    {
        public static Secret Of(StoredDocument d) =>
            new(d.DocumentId, d.Room.Value, d.Name, d.Kind, d.Size, d.Sha256, d.SharedBy.Value, d.SharedByName, d.SharedAt, [.. d.Readers.Select(r => r.Value)],
                d.SharedFrom?.ItemId, d.SharedFrom?.Side);

        public StoredDocument ToDocument() =>
            new(DocumentId, new RoomId(Room), Name, Kind, Size, Sha256, new ParticipantId(SharedBy), SharedByName, SharedAt, [.. Readers.Select(r => new ParticipantId(r))],
                SharedFromItem is { } item ? new SharedFromDto(item, SharedFromSide ?? "") : null);
    }
}
