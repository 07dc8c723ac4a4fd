using CaucusRooms.Contracts;
using CaucusRooms.Domain;

namespace CaucusRooms.Server.Messages;

/// <summary>
/// The bytes of a block of stored messages before it is sealed (<see cref="SealedHistoryFile"/>): every field of each
/// message, readers and links included, so a message read back from the file is the one that was sent.
/// </summary>
internal static class HistoryBlockFormat
{
    private const byte Version = 1;

    public static byte[] Encode(IReadOnlyList<StoredMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        using var bytes = new MemoryStream();
        using (var w = new BinaryWriter(bytes, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Version);
            w.Write(messages.Count);
            foreach (var m in messages)
            {
                WriteGuid(w, m.MessageId);
                WriteGuid(w, m.Session.Value);
                WriteGuid(w, m.Room.Value);
                w.Write(m.Seq);
                WriteGuid(w, m.Sender.Value);
                w.Write(m.SenderName);
                w.Write(m.ClientMessageId);
                w.Write(m.Text);
                w.Write(m.SentAt.UtcTicks);
                w.Write((short)m.SentAt.Offset.TotalMinutes);
                w.Write(m.Readers.Count);
                foreach (var reader in m.Readers) WriteGuid(w, reader.Value);
                w.Write(m.SharedFrom is not null);
                if (m.SharedFrom is { } shared)
                {
                    w.Write(shared.ItemId);
                    w.Write(shared.Side);
                }
                w.Write(m.ProposalOf.HasValue);
                if (m.ProposalOf is { } proposalOf) WriteGuid(w, proposalOf);
                w.Write(m.Kind is not null);
                if (m.Kind is { } kind) w.Write(kind);
            }
        }
        return bytes.ToArray();
    }

    public static List<StoredMessage> Decode(byte[] plain)
    {
        using var stream = new MemoryStream(plain, writable: false);
        using var r = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        if (r.ReadByte() != Version) throw new InvalidDataException("A history block of an unknown version.");
        var count = r.ReadInt32();
        var messages = new List<StoredMessage>(count);
        for (var i = 0; i < count; i++)
        {
            var id = ReadGuid(r);
            var session = new SessionId(ReadGuid(r));
            var room = new RoomId(ReadGuid(r));
            var seq = r.ReadInt64();
            var sender = new ParticipantId(ReadGuid(r));
            var senderName = r.ReadString();
            var clientMessageId = r.ReadString();
            var text = r.ReadString();
            var utcTicks = r.ReadInt64();
            var offset = TimeSpan.FromMinutes(r.ReadInt16());
            var sentAt = new DateTimeOffset(utcTicks + offset.Ticks, offset);
            var readers = new ParticipantId[r.ReadInt32()];
            for (var k = 0; k < readers.Length; k++) readers[k] = new ParticipantId(ReadGuid(r));
            SharedFromDto? sharedFrom = r.ReadBoolean() ? new SharedFromDto(r.ReadString(), r.ReadString()) : null;
            Guid? proposalOf = r.ReadBoolean() ? ReadGuid(r) : null;
            var kind = r.ReadBoolean() ? r.ReadString() : null;
            messages.Add(new StoredMessage(id, session, room, seq, sender, senderName, clientMessageId, text, sentAt, readers, sharedFrom, proposalOf, kind));
        }
        return messages;
    }

    private static void WriteGuid(BinaryWriter w, Guid value)
    {
        Span<byte> bytes = stackalloc byte[16];
        value.TryWriteBytes(bytes);
        w.Write(bytes);
    }

    private static Guid ReadGuid(BinaryReader r)
    {
        Span<byte> bytes = stackalloc byte[16];
        r.BaseStream.ReadExactly(bytes);
        return new Guid(bytes);
    }
}
