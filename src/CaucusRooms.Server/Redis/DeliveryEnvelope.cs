using System.Buffers.Binary;
using System.Text;
using CaucusRooms.Domain;
using CaucusRooms.Server.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace CaucusRooms.Server.Redis;

/// <summary>
/// One notice as it crosses between nodes: its addressees and its hub invocation already serialized, once for each hub
/// protocol the nodes serve. A receiving node writes those bytes to its connections of the addressees and never reads
/// the DTO inside them (the SignalR backplane carries its invocations the same way).
/// </summary>
internal sealed record CarriedNotice(ParticipantId[] To, IReadOnlyList<SerializedMessage> Frames)
{
    /// <summary>The notice serialized once for each of <paramref name="protocols"/> (every hub protocol the nodes serve), for all its connections.</summary>
    public static CarriedNotice Of(Notice notice, IReadOnlyList<IHubProtocol> protocols)
    {
        ArgumentNullException.ThrowIfNull(notice);
        ArgumentNullException.ThrowIfNull(protocols);
        var invocation = notice.Invocation();
        var frames = new SerializedMessage[protocols.Count];
        for (var i = 0; i < frames.Length; i++) frames[i] = new SerializedMessage(protocols[i].Name, protocols[i].GetMessageBytes(invocation));
        return new CarriedNotice([.. notice.To], frames);
    }

    /// <summary>Whether <paramref name="person"/> is one of the people this notice is addressed to.</summary>
    public bool IsFor(ParticipantId person) => Array.IndexOf(To, person) >= 0;
}

/// <summary>
/// What one publish carries, in a small binary form: the publishing node and the session first (so a receiving node
/// reads them alone and skips the rest when the publish is its own or names a session it holds no connection of), then
/// each notice's addressees (16 bytes each) and its frames (a protocol name and the bytes that protocol writes).
/// <code>
/// format (1) · node length (2) · node UTF-8 · session (16) · notice count (4)
///   per notice: addressee count (4) · addressees (16 each) · frame count (1)
///     per frame: protocol name length (1) · name ASCII · frame length (4) · frame bytes
/// </code>
/// Lengths are little-endian. Reading checks every length against what is left; whatever does not fit is
/// <see cref="InvalidDataException"/>, never an index past the end.
/// </summary>
internal static class DeliveryEnvelope
{
    /// <summary>The first byte; an older node's JSON envelope starts with <c>{</c> and is unreadable here, not misread.</summary>
    public const byte Format = 0xC2;

    private const int GuidLength = 16;

    public static byte[] NodeName(string node) => Encoding.UTF8.GetBytes(node);

    public static byte[] Write(ReadOnlySpan<byte> node, SessionId session, IReadOnlyList<CarriedNotice> notices)
    {
        ArgumentNullException.ThrowIfNull(notices);
        if (node.Length > ushort.MaxValue) throw new ArgumentException("The node's name is too long for an envelope.", nameof(node));
        var length = 1 + 2 + node.Length + GuidLength + 4;
        foreach (var notice in notices)
        {
            length += 4 + (notice.To.Length * GuidLength) + 1;
            foreach (var frame in notice.Frames) length += 1 + Encoding.ASCII.GetByteCount(frame.ProtocolName) + 4 + frame.Serialized.Length;
        }
        var envelope = new byte[length];
        var rest = envelope.AsSpan();
        rest[0] = Format;
        BinaryPrimitives.WriteUInt16LittleEndian(rest[1..], (ushort)node.Length);
        node.CopyTo(rest[3..]);
        rest = rest[(3 + node.Length)..];
        session.Value.TryWriteBytes(rest);
        BinaryPrimitives.WriteInt32LittleEndian(rest[GuidLength..], notices.Count);
        rest = rest[(GuidLength + 4)..];
        foreach (var notice in notices)
        {
            BinaryPrimitives.WriteInt32LittleEndian(rest, notice.To.Length);
            rest = rest[4..];
            foreach (var person in notice.To)
            {
                person.Value.TryWriteBytes(rest);
                rest = rest[GuidLength..];
            }
            rest[0] = checked((byte)notice.Frames.Count);
            rest = rest[1..];
            foreach (var frame in notice.Frames)
            {
                var name = Encoding.ASCII.GetBytes(frame.ProtocolName, rest[1..]);
                rest[0] = checked((byte)name);
                rest = rest[(1 + name)..];
                BinaryPrimitives.WriteInt32LittleEndian(rest, frame.Serialized.Length);
                frame.Serialized.Span.CopyTo(rest[4..]);
                rest = rest[(4 + frame.Serialized.Length)..];
            }
        }
        return envelope;
    }

    /// <summary>Whether the envelope comes from the node named <paramref name="thisNode"/> (its UTF-8), and its session; reads nothing else.</summary>
    /// <exception cref="InvalidDataException">Not an envelope of this format, or cut short.</exception>
    public static (bool FromThisNode, SessionId Session) ReadHead(ReadOnlyMemory<byte> envelope, ReadOnlySpan<byte> thisNode)
    {
        var reader = new Reader(envelope);
        if (reader.Byte() != Format) throw new InvalidDataException("The publish is no delivery envelope of this format (an older node's?).");
        var node = reader.Bytes(reader.UInt16()).Span;
        return (node.SequenceEqual(thisNode), new SessionId(reader.Guid()));
    }

    /// <summary>
    /// The notices; each frame is a slice of <paramref name="envelope"/>, not a copy, so the envelope must be an array of
    /// its own that nothing writes to again. A received publish is: StackExchange.Redis hands each one over as a
    /// <c>RedisValue</c> over a fresh array (an immutable value, never a pooled buffer), and the slices keep it alive
    /// until the last write of a frame has finished.
    /// </summary>
    /// <exception cref="InvalidDataException">Not an envelope of this format, cut short, or with bytes after its last notice.</exception>
    public static List<CarriedNotice> ReadNotices(ReadOnlyMemory<byte> envelope)
    {
        var reader = new Reader(envelope);
        if (reader.Byte() != Format) throw new InvalidDataException("The publish is no delivery envelope of this format (an older node's?).");
        reader.Bytes(reader.UInt16());
        reader.Guid();
        var count = reader.Count(minimumBytesEach: 4 + 1);
        var notices = new List<CarriedNotice>(count);
        for (var i = 0; i < count; i++)
        {
            var to = new ParticipantId[reader.Count(minimumBytesEach: GuidLength)];
            for (var p = 0; p < to.Length; p++) to[p] = new ParticipantId(reader.Guid());
            var frames = new SerializedMessage[reader.Byte()];
            if (frames.Length == 0) throw new InvalidDataException("A notice carries no frame.");
            for (var f = 0; f < frames.Length; f++)
            {
                var protocol = Encoding.ASCII.GetString(reader.Bytes(reader.Byte()).Span);
                frames[f] = new SerializedMessage(protocol, reader.Bytes(reader.Count(minimumBytesEach: 1)));
            }
            notices.Add(new CarriedNotice(to, frames));
        }
        if (!reader.AtEnd) throw new InvalidDataException("The envelope has bytes after its last notice.");
        return notices;
    }

    private struct Reader(ReadOnlyMemory<byte> bytes)
    {
        private ReadOnlyMemory<byte> _rest = bytes;

        public readonly bool AtEnd => _rest.IsEmpty;

        public byte Byte() => Bytes(1).Span[0];

        public ushort UInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Bytes(2).Span);

        public Guid Guid() => new(Bytes(GuidLength).Span);

        /// <summary>A count of things that each take at least <paramref name="minimumBytesEach"/> bytes: more than what is left could hold is a lie.</summary>
        public int Count(int minimumBytesEach)
        {
            var count = BinaryPrimitives.ReadInt32LittleEndian(Bytes(4).Span);
            if (count < 0 || (long)count * minimumBytesEach > _rest.Length) throw new InvalidDataException("The envelope names more than it holds.");
            return count;
        }

        public ReadOnlyMemory<byte> Bytes(int length)
        {
            if (length > _rest.Length) throw new InvalidDataException("The envelope is cut short.");
            var taken = _rest[..length];
            _rest = _rest[length..];
            return taken;
        }
    }
}
