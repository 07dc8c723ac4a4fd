using CaucusRooms.Domain;
using CaucusRooms.Server.Infrastructure;
using StackExchange.Redis;

namespace CaucusRooms.Server.Redis;

/// <summary>
/// The one place that names Redis keys and channels; no other code concatenates them.
/// Keys that one Lua script touches together share a hash tag (<c>{…}</c>: all account
/// keys, the keys of one session, the keys of one room), so the scripts stay valid on a cluster; all but these: the
/// replace script asks the heartbeat keys (<see cref="Node"/>) of the nodes named in the session's connections, found
/// there and not declared, which a standalone Redis allows (see <c>RedisConnectionRegistry.PresenceInLua</c>); and the
/// invite scripts of <c>RedisInviteStore</c> (and the replace script, for the devices per person) read, and a revocation
/// writes, the <see cref="Invite"/> keys named in the session's <see cref="InvitesOfSession"/> set the same way.
/// </summary>
internal static class RedisKeys
{
    public const string Prefix = "caucus:";

    /// <summary>The Data Protection key ring (a list), shared by every node.</summary>
    public static RedisKey DataProtectionKeys => Prefix + "dataprotection-keys";

    /// <summary>IDistributedCache entries (sign-in tickets) start with this.</summary>
    public const string CacheInstance = Prefix + "cache:";

    /// <summary>A sign-in ticket's key in the distributed cache (after <see cref="CacheInstance"/>).</summary>
    public static string Ticket(string id) => "ticket:" + id;

    /// <summary>The SignalR backplane's channel prefix.</summary>
    public const string BackplaneChannelPrefix = Prefix + "signalr";

    public static RedisKey Account(string userName) => $"{Prefix}{{accounts}}:name:{userName.ToUpperInvariant()}";

    public static RedisKey AccountById(string id) => $"{Prefix}{{accounts}}:id:{id}";

    public static RedisKey Accounts => Prefix + "{accounts}:all";

    public static RedisKey Session(SessionId session) => $"{Prefix}session:{{{session}}}";

    public static RedisKey SessionsOfAccount(string accountId) => $"{Prefix}account-sessions:{accountId}";

    /// <summary>The session's message data key, wrapped by Data Protection.</summary>
    public static RedisKey SessionDataKey(SessionId session) => $"{Prefix}session:{{{session}}}:datakey";

    /// <summary>The mediators' private notes of a session, sealed with its data key.</summary>
    public static RedisKey SessionNotes(SessionId session) => $"{Prefix}session:{{{session}}}:notes";

    /// <summary>A hash: document id → the document's sealed description (name, room, readers, who shared it).</summary>
    public static RedisKey SessionDocuments(SessionId session) => $"{Prefix}session:{{{session}}}:documents";

    /// <summary>One shared document's sealed content.</summary>
    public static RedisKey SessionDocument(SessionId session, Guid document) => $"{Prefix}session:{{{session}}}:document:{document:N}";

    public static RedisKey SessionLock(SessionId session) => $"{Prefix}session:{{{session}}}:lock";

    /// <summary>Open hub connections of a session on every node: connection id → person, node, groups.</summary>
    public static RedisKey SessionConnections(SessionId session) => $"{Prefix}session:{{{session}}}:connections";

    /// <summary>People of a session who have connected at least once (to count reconnects).</summary>
    public static RedisKey SessionSeen(SessionId session) => $"{Prefix}session:{{{session}}}:seen";

    public static RedisKey Invite(string codeHash) => InvitePrefix + codeHash;

    /// <summary>What <see cref="Invite"/> puts before the code's hash: for a script that finds the hashes in a session's invites.</summary>
    public const string InvitePrefix = Prefix + "invite:";

    public static RedisKey InvitesOfSession(SessionId session) => $"{Prefix}session:{{{session}}}:invites";

    private const int MaxRoomsRemembered = 16_384;

    // A send named its keys afresh (about a kilobyte of strings) for the same room every time.
    private static readonly BoundedMemo<(SessionId Session, RoomId Room), SendScriptKeys> SendKeys = new(static k =>
    {
        RedisKey[] room = [RoomSeq(k.Room), RoomClientIds(k.Room), RoomMessages(k.Room), RoomMessageIds(k.Room)];
        return new SendScriptKeys(room, [.. room, Session(k.Session), SessionLock(k.Session)]);
    }, MaxRoomsRemembered);

    /// <summary>
    /// The keys of a send's script, in its order: the room's seq, client ids, messages and message ids, and for a
    /// version-checked send then the session's record and lock. Made once per room while remembered; shared, so a caller
    /// never changes them.
    /// </summary>
    public static SendScriptKeys SendScript(SessionId session, RoomId room) => SendKeys.Of((session, room));

    public static RedisKey RoomSeq(RoomId room) => $"{Prefix}room:{{{room}}}:seq";

    /// <summary>Sealed messages of a room: seq → payload.</summary>
    public static RedisKey RoomMessages(RoomId room) => $"{Prefix}room:{{{room}}}:messages";

    /// <summary>Which seq a sender's client message id got: sender:hash(client id) → seq.</summary>
    public static RedisKey RoomClientIds(RoomId room) => $"{Prefix}room:{{{room}}}:client-ids";

    /// <summary>Which seq a message id got: message id → seq.</summary>
    public static RedisKey RoomMessageIds(RoomId room) => $"{Prefix}room:{{{room}}}:message-ids";

    /// <summary>A session's audit trail (a list, oldest first; the seq is the position).</summary>
    public static RedisKey SessionAudit(SessionId session) => $"{Prefix}session:{{{session}}}:audit";

    /// <summary>The session's audit key, wrapped by Data Protection; it keys the hashes of relayed words.</summary>
    public static RedisKey SessionAuditKey(SessionId session) => $"{Prefix}session:{{{session}}}:audit-key";

    /// <summary>Purges scheduled for later, by due time (any node sweeps them).</summary>
    public static RedisKey DuePurges => Prefix + "due-purges";

    /// <summary>Sessions that have an audit trail (for retention).</summary>
    public static RedisKey AuditedSessions => Prefix + "audited-sessions";

    /// <summary>Present while a node is alive (refreshed with a short time to live).</summary>
    public static RedisKey Node(string nodeId) => NodePrefix + nodeId;

    /// <summary>What <see cref="Node"/> puts before the node's id: for a script that finds node ids in the registry's entries.</summary>
    public const string NodePrefix = Prefix + "node:";

    /// <summary>Live node ids, scored by the time (Unix ms) of their last published figures.</summary>
    public static RedisKey LiveNodes => Prefix + "nodes";

    /// <summary>A node's content-free health figures (JSON), as long-lived as its heartbeat.</summary>
    public static RedisKey NodeFigures(string nodeId) => $"{Prefix}node:{nodeId}:figures";

    /// <summary>The admin's opaque-id key, wrapped by Data Protection.</summary>
    public static RedisKey OpaqueIdKey => Prefix + "admin:opaque-id-key";

    /// <summary>Where a node publishes each stored message once, with its readers; every node writes it to its own connections of them.</summary>
    public static RedisChannel MessagesChannel => RedisChannel.Literal(Prefix + "messages");

    /// <summary>Where a node asks the node that holds a connection to close it (the message is the connection id).</summary>
    public static RedisChannel CloseConnectionChannel => RedisChannel.Literal(Prefix + "connections:close");
}

/// <summary>The keys a send's script names: the room's alone, or with the session's record and lock for a version check.</summary>
internal sealed record SendScriptKeys(RedisKey[] RoomOnly, RedisKey[] VersionChecked);
