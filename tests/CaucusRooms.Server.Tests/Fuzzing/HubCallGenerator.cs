using System.Text;

namespace CaucusRooms.Server.Tests.Fuzzing;

/// <summary>One generated hub call: a method name, its arguments, and how deep the deepest argument nests.</summary>
public sealed record FuzzCall(string Method, object?[] Arguments, int Depth, bool MethodExists);

/// <summary>
/// Random hub calls: the hub's real methods (with right and wrong argument counts and types) and
/// made-up ones, with arguments drawn from ids that mean something here, in another session, or
/// nowhere, and from strings, numbers, nulls, nested objects and long texts.
/// </summary>
public sealed class HubCallGenerator(Random random, IReadOnlyList<string> ids)
{
    /// <summary>The hub's methods and their parameter kinds, as <see cref="ISessionHub"/> declares them.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> RealMethods = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
    {
        [nameof(ISessionHub.Admit)] = ["id", "id"],
        [nameof(ISessionHub.Move)] = ["id", "id"],
        [nameof(ISessionHub.Lock)] = ["id"],
        [nameof(ISessionHub.Unlock)] = ["id"],
        [nameof(ISessionHub.Remove)] = ["id"],
        [nameof(ISessionHub.CloseSession)] = [],
        [nameof(ISessionHub.SetMuteOnArrival)] = ["bool"],
        [nameof(ISessionHub.RelaySignal)] = ["id", "text"],
        [nameof(ISessionHub.GetMediaRoster)] = [],
        [nameof(ISessionHub.AskForMediator)] = [],
        [nameof(ISessionHub.SendMessage)] = ["id", "cid", "text"],
        [nameof(ISessionHub.GetHistory)] = ["id", "long"],
        [nameof(ISessionHub.AskForConsent)] = ["id", "id"],
        [nameof(ISessionHub.SetShareable)] = ["id", "id", "bool"],
        [nameof(ISessionHub.ProposeSummary)] = ["id", "id", "cid", "text"],
        [nameof(ISessionHub.RelaySharedItem)] = ["id", "id", "id", "text?"],
        [nameof(ISessionHub.RelaySharedDocument)] = ["id", "id", "id"],
        [nameof(ISessionHub.GetConsents)] = ["id"],
        [nameof(ISessionHub.RecordSendWarning)] = ["id", "bool"],
        [nameof(ISessionHub.GetState)] = [],
        [nameof(ISessionHub.GetSession)] = [],
        [nameof(ISessionHub.Announce)] = ["cid", "text"],
        [nameof(ISessionHub.StartTimer)] = ["id", "int"],
        [nameof(ISessionHub.ExtendTimer)] = ["id", "int"],
        [nameof(ISessionHub.CancelTimer)] = ["id"],
        [nameof(ISessionHub.GetTimers)] = [],
        [nameof(ISessionHub.EveryoneBack)] = [],
        [nameof(ISessionHub.AnswerAsk)] = ["id", "text"],
    };

    private static readonly string[] MadeUpMethods =
    [
        "Shout", "SendMessages", "sendmessage ", "OnConnectedAsync", "OnDisconnectedAsync", "Dispose", "Me", "Change",
        "Throw", "Admin", "GetHealth", "JoinGroup", "Groups", "Clients", "ToString", "GetHashCode", "Send\u0000Message",
        "Move\u00e9", "Ré\u200bmove", "\u202eetomdA", "<script>", "../../Admit",
    ];

    private readonly List<string> _realNames = [.. RealMethods.Keys];

    public FuzzCall Next()
    {
        var roll = random.Next(100);
        string method;
        if (roll < 70) method = _realNames[random.Next(_realNames.Count)];
        else if (roll < 78) method = Recase(_realNames[random.Next(_realNames.Count)]);
        else if (roll < 95) method = MadeUpMethods[random.Next(MadeUpMethods.Length)];
        else method = RandomText(random.Next(0, 40));

        var exists = RealMethods.TryGetValue(method, out var kinds);
        var depth = 0;
        object?[] args;
        if (exists && random.Next(100) < 55)
        {
            // The right count, mostly the right types: these get past SignalR's binding to the hub's own checks.
            args = [.. kinds!.Select(k => random.Next(100) < 85 ? Typed(k) : Any(ref depth))];
        }
        else
        {
            var count = random.Next(0, 6);
            args = new object?[count];
            for (var i = 0; i < count; i++) args[i] = Any(ref depth);
        }
        return new FuzzCall(method, args, depth, exists);
    }

    private object? Typed(string kind) => kind switch
    {
        "id" => Id(),
        "cid" => random.Next(10) == 0 ? RandomText(random.Next(0, 90)) : Guid.NewGuid().ToString("N"),
        "text" or "text?" => Text(),
        "bool" => random.Next(2) == 0,
        "long" => random.Next(4) switch { 0 => 0L, 1 => -1L, 2 => long.MaxValue, _ => (long)random.Next(0, 50) },
        "int" => random.Next(4) switch { 0 => 0, 1 => -1, 2 => int.MaxValue, _ => random.Next(1, 20_000) },
        _ => null,
    };

    private object? Any(ref int depth)
    {
        switch (random.Next(14))
        {
            case 0: return null;
            case 1: return random.Next();
            case 2: return random.NextDouble() * 1e300;
            case 3: return random.Next(2) == 0;
            case 4: return long.MinValue;
            case 5:
            case 6: return Id();
            case 7:
            case 8: return Text();
            case 9: return new[] { Id(), Text() };
            case 10: return new Dictionary<string, object?> { ["roomId"] = Id(), ["text"] = Text(), ["n"] = random.Next() };
            case 11: return Nested(ref depth);
            case 12: return Guid.NewGuid();
            default: return Array.Empty<object?>();
        }
    }

    /// <summary>Nested objects; now and then right at the depth limit of docs/protocol.md (62 is a wrong argument, 63 closes).</summary>
    private object? Nested(ref int depth)
    {
        var levels = random.Next(20) == 0 ? random.Next(58, 64) : random.Next(1, 12);
        depth = Math.Max(depth, levels);
        object? value = Id();
        for (var i = 0; i < levels; i++) value = random.Next(2) == 0 ? new Dictionary<string, object?> { ["x"] = value } : new object?[] { value };
        return value;
    }

    private string Id()
    {
        var roll = random.Next(10);
        if (roll < 6) return ids[random.Next(ids.Count)];
        if (roll < 7) return ids[random.Next(ids.Count)].ToUpperInvariant();
        if (roll < 8) return Guid.NewGuid().ToString(random.Next(2) == 0 ? "N" : "B");
        return random.Next(5) switch { 0 => "", 1 => "not-an-id", 2 => "'; DROP TABLE rooms; --", 3 => new string('f', 33), _ => RandomText(32) };
    }

    private string Text() => random.Next(20) switch
    {
        0 => "",
        1 => "   ",
        2 => new string('x', random.Next(4001, 6000)),
        3 => LongText(),
        4 => RandomText(random.Next(1, 300)),
        5 => "\u0000\u0001\u0007\b\u001b[31m\r\n\t\u007f\u0085\u2028\u2029",
        6 => "{\"type\":\"offer\",\"sdp\":\"v=0\"}",
        _ => "fuzz " + Guid.NewGuid().ToString("N")[..8] + " " + RandomText(random.Next(0, 40)),
    };

    /// <summary>Up to 40 KB: below, around and above the 32 KiB frame limit.</summary>
    private string LongText()
    {
        var length = random.Next(3) switch { 0 => random.Next(8_000, 30_000), 1 => random.Next(30_000, 34_000), _ => random.Next(34_000, 40_960) };
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++) builder.Append((char)('a' + random.Next(26)));
        return builder.ToString();
    }

    private string RandomText(int length)
    {
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            builder.Append(random.Next(6) switch
            {
                0 => (char)random.Next(0, 32),
                1 => (char)random.Next(0x80, 0x800),
                2 => (char)random.Next(0x2000, 0x2070),
                3 => "😀🏳️‍🌈"[random.Next(2)],
                _ => (char)random.Next(32, 127),
            });
        }
        return builder.ToString();
    }

    private string Recase(string name) =>
        new([.. name.Select(c => random.Next(2) == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c))]);
}
