using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace CaucusRooms.Redis.Tests.Stores;

/// <summary>Shared documents in Redis are sealed with the session's data key: no canary at rest, bound to their session, gone with the key.</summary>
[Collection(RedisTestGroup.Name)]
public sealed class SealedDocumentsTests(RedisFixture redis)
{
    private const string Canary = "canary-bottom-line-40k";
    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly IDataProtectionProvider _keyRing = new EphemeralDataProtectionProvider();

    private IDatabase Db => redis.Connection.GetDatabase();

    private static StoredDocument Document(string name) =>
        new(Guid.NewGuid(), RoomId.New(), name, DocumentKind.PlainText, Canary.Length, "AB12", ParticipantId.New(), "Avery", At, [ParticipantId.New()]);

    [Fact]
    public async Task NoByteAtRestHoldsTheCanaryAndAnotherNodeWithTheKeyRingOpensIt()
    {
        var session = SessionId.New();
        var document = Document($"{Canary}.txt");
        await new RedisDocumentStore(redis.Connection, new SessionDataKeys(redis.Connection, _keyRing)).AddAsync(session, document, Encoding.UTF8.GetBytes(Canary));

        var content = (byte[])(await Db.StringGetAsync(RedisKeys.SessionDocument(session, document.DocumentId)))!;
        var descriptions = await Db.HashGetAllAsync(RedisKeys.SessionDocuments(session));
        Assert.Single(descriptions);
        foreach (var atRest in descriptions.Select(d => (byte[])d.Value!).Append(content))
        {
            Assert.DoesNotContain(Canary, Encoding.UTF8.GetString(atRest), StringComparison.Ordinal);
            Assert.DoesNotContain("Avery", Encoding.UTF8.GetString(atRest), StringComparison.Ordinal);
        }
        var otherNode = new RedisDocumentStore(redis.Connection, new SessionDataKeys(redis.Connection, _keyRing));
        Assert.Equal(Canary, Encoding.UTF8.GetString((await otherNode.ContentAsync(session, document.DocumentId))!));
        Assert.Equal($"{Canary}.txt", (await otherNode.ListAsync(session)).Single().Name);
    }

    [Fact]
    public async Task ContentCopiedToAnotherDocumentDoesNotOpenAndDestroyingTheKeyLeavesNothingReadable()
    {
        var keys = new SessionDataKeys(redis.Connection, _keyRing);
        var store = new RedisDocumentStore(redis.Connection, keys);
        var session = SessionId.New();
        var (secret, decoy) = (Document("secret.txt"), Document("decoy.txt"));
        await store.AddAsync(session, secret, Encoding.UTF8.GetBytes(Canary));
        await store.AddAsync(session, decoy, "nothing"u8.ToArray());

        // Someone with write access to Redis swaps the secret's sealed content under the decoy's id.
        await Db.StringSetAsync(RedisKeys.SessionDocument(session, decoy.DocumentId), await Db.StringGetAsync(RedisKeys.SessionDocument(session, secret.DocumentId)));
        await Assert.ThrowsAnyAsync<CryptographicException>(() => store.ContentAsync(session, decoy.DocumentId));

        await keys.DestroyAsync(session);
        await Assert.ThrowsAnyAsync<CryptographicException>(() => new RedisDocumentStore(redis.Connection, new SessionDataKeys(redis.Connection, _keyRing)).ContentAsync(session, secret.DocumentId));
    }
}
