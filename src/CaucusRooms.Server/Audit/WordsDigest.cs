using System.Security.Cryptography;
using System.Text;
using CaucusRooms.Domain;

namespace CaucusRooms.Server.Audit;

/// <summary>
/// A keyed hash of exact words (HMAC-SHA256 under the session's audit key): how the session knows which words its
/// side approved, and how the audit trail records what a relay carried, without holding a word of it.
/// </summary>
internal sealed class WordsDigest(IAuditStore store)
{
    public async Task<string> OfAsync(SessionId session, string words, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(words);
        var key = await store.KeyAsync(session, ct);
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(words)));
    }

    /// <summary>
    /// A shared document's stand-in for words in the consent flow: the keyed hash of its content's SHA-256, so what a side
    /// approves is exactly those bytes.
    /// </summary>
    public Task<string> OfDocumentAsync(SessionId session, string sha256, CancellationToken ct = default) => OfAsync(session, "document " + sha256, ct);
}
