using System.Security.Cryptography;

namespace CaucusRooms.Server.Admin;

/// <summary>
/// The key of the admin's opaque session ids (HMAC of the real id): the same on every node, so an
/// admin sees one session under one id whichever node answers.
/// </summary>
internal interface IOpaqueIdKey
{
    Task<byte[]> GetAsync(CancellationToken ct = default);
}

/// <summary>One process: a random key for its lifetime.</summary>
internal sealed class InMemoryOpaqueIdKey : IOpaqueIdKey
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public Task<byte[]> GetAsync(CancellationToken ct = default) => Task.FromResult(_key);
}
