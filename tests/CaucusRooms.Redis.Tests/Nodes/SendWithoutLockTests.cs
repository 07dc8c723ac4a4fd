using StackExchange.Redis;

namespace CaucusRooms.Redis.Tests.Nodes;

/// <summary>
/// A send on Redis takes no session lock: on the hot path it is one script (idempotency key, the session's
/// version, the append: the one round trip the ack waits for) and then one publish of the message with its readers,
/// however many readers and nodes; a move committed on another node between the sender's node reading the session and
/// the append makes the send be decided again, so the moved-out person is no reader of it. Judged on what the real
/// redis-server ran (<c>MONITOR</c>).
/// </summary>
[Collection(TwoNodesTestGroup.Name)]
public sealed class SendWithoutLockTests(TwoNodes nodes)
{
    [Fact]
    public async Task AWarmSendIsOneScriptThenOnePublishAndNoLockNorSessionRead()
    {
        await using var m = await Mediation.OpenAsync(nodes.Node1);
        var alex = await AlexOnNode2InTheJointRoomAsync(m, alexWritesFirst: false);
        using var redis = await ConnectionMultiplexer.ConnectAsync(nodes.Redis.ConnectionString);
        var text = $"warm send {Guid.NewGuid():N}";

        await using var monitor = await RedisMonitor.StartAsync(nodes.Redis.Port);
        await m.MediatorTab.SendAsync(m.Joint, text);
        await alex.Tab.WaitForMessageAsync(text);
        var commands = await monitor.UntilAsync(redis.GetDatabase());

        var scripts = commands.Where(c => IsScript(c) && c.Contains($"room:{{{m.Joint}}}:seq", StringComparison.Ordinal)).ToList();
        var publishes = commands.Where(c => c.Contains("\"PUBLISH\"", StringComparison.OrdinalIgnoreCase) && c.Contains(text, StringComparison.Ordinal)).ToList();
        // The publish names the session too (each node looks up its own connections of it): it is the delivery, not a read.
        var sessionCalls = commands.Where(c => !InScript(c) && c.Contains(m.SessionId, StringComparison.OrdinalIgnoreCase) && !scripts.Contains(c) && !publishes.Contains(c)).ToList();
        Assert.True(scripts.Count == 1, $"one script expected, ran {scripts.Count}:\n{string.Join('\n', commands)}");
        // One publish for both readers (the mediator here on node 1, Alex on node 2), after the script: not one per reader.
        Assert.True(publishes.Count == 1, $"one publish expected, ran {publishes.Count}:\n{string.Join('\n', publishes)}");
        Assert.True(commands.ToList().IndexOf(scripts[0]) < commands.ToList().IndexOf(publishes[0]), "the delivery was published before the message was stored");
        // No lock taken or released, no session read: nothing but the script (which compares the version inside) named the session.
        Assert.True(sessionCalls.Count == 0, $"the send also ran:\n{string.Join('\n', sessionCalls)}");
    }

    [Fact]
    public async Task AMoveCommittedOnTheOtherNodeAfterTheSendersNodeReadTheSessionMakesTheSendBeDecidedAgainWithoutThePersonMovedOut()
    {
        await using var m = await Mediation.OpenAsync(nodes.Node1);
        var avery = await m.InviteToLobbyAsync("Avery", "Party", "Claimant", nodes.Node1);
        var blake = await m.InviteToLobbyAsync("Blake", "Party", "Respondent", nodes.Node2);
        await m.AdmitAsync(avery, m.Joint);
        await m.AdmitAsync(blake, m.Joint);
        // Node 1 reads the session (Blake in the joint room) for Avery's first send.
        await avery.Tab.SendAsync(m.Joint, "while Blake is here");
        await blake.Tab.WaitForMessageAsync("while Blake is here");
        // The mediator's other tab, on node 2, moves Blake out: node 1 has not read the session since.
        await using var mediatorOnNode2 = await nodes.MediatorOnNode2Async(m);
        await mediatorOnNode2.Tab.Hub.Move(blake.ParticipantId, m.RespondentCaucus);
        using var redis = await ConnectionMultiplexer.ConnectAsync(nodes.Redis.ConnectionString);
        var text = $"after Blake left {Guid.NewGuid():N}";

        await using var monitor = await RedisMonitor.StartAsync(nodes.Redis.Port);
        await avery.Tab.SendAsync(m.Joint, text);
        await m.MediatorTab.WaitForMessageAsync(text);
        var commands = await monitor.UntilAsync(redis.GetDatabase());

        // The first script found the version stale and stored nothing; the session was read again; the second stored it.
        var scripts = commands.Where(c => IsScript(c) && c.Contains($"room:{{{m.Joint}}}:seq", StringComparison.Ordinal)).ToList();
        Assert.True(scripts.Count == 2, $"two scripts expected, ran {scripts.Count}:\n{string.Join('\n', commands)}");
        var between = commands.SkipWhile(c => c != scripts[0]).Skip(1).TakeWhile(c => c != scripts[1]);
        Assert.Contains(between, c => !InScript(c) && c.Contains($"session:{{{m.SessionId}}}\"", StringComparison.OrdinalIgnoreCase));
        // Blake was no reader: not live (checked after a later message reached him), not in history once back.
        await m.MediatorTab.SendAsync(m.RespondentCaucus, "later, to Blake's caucus");
        await blake.Tab.WaitForMessageAsync("later, to Blake's caucus");
        Assert.False(blake.Tab.Saw(text), "Blake, moved out before the send was stored, received it");
        await m.MediatorTab.Hub.Move(blake.ParticipantId, m.Joint);
        Assert.DoesNotContain(await blake.Tab.Hub.GetHistory(m.Joint, 0), x => x.Text == text);
        Assert.Contains(await avery.Tab.Hub.GetHistory(m.Joint, 0), x => x.Text == text);
    }

    [Fact]
    public async Task ASendWhileAChangeIsDecidedButNotStoredWaitsForItAndNeverTakesTheLockItself()
    {
        await using var m = await Mediation.OpenAsync(nodes.Node1);
        var alex = await AlexOnNode2InTheJointRoomAsync(m, alexWritesFirst: true);
        using var redis = await ConnectionMultiplexer.ConnectAsync(nodes.Redis.ConnectionString);
        var db = redis.GetDatabase();
        var lockKey = RedisKeys.SessionLock(new SessionId(Guid.Parse(m.SessionId)));
        var text = $"during a change {Guid.NewGuid():N}";
        // A change on no node of these two holds the lock and has stored nothing yet (its holder is named nowhere in the session).
        Assert.True(await db.StringSetAsync(lockKey, "a-change-being-decided", TimeSpan.FromSeconds(30), When.NotExists));

        await using var monitor = await RedisMonitor.StartAsync(nodes.Redis.Port);
        var send = alex.Tab.SendAsync(m.Joint, text);
        await Task.WhenAny(send, Task.Delay(TimeSpan.FromMilliseconds(500)));
        Assert.False(send.IsCompleted, "the send was answered while a change held the lock unstored");
        await db.KeyDeleteAsync(lockKey);
        await send.WaitAsync(TimeSpan.FromSeconds(10));
        await m.MediatorTab.WaitForMessageAsync(text);
        var commands = await monitor.UntilAsync(db);

        // The send tried its script again, and nothing outside a script touched the lock but the test's own delete.
        var lockCalls = commands.Where(c => !InScript(c) && !IsScript(c) && c.Contains(lockKey.ToString(), StringComparison.Ordinal)
            && !c.Contains("\"DEL\"", StringComparison.OrdinalIgnoreCase) && !c.Contains("\"UNLINK\"", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(lockCalls.Count == 0, $"the send took or polled the session's lock:\n{string.Join('\n', lockCalls)}");
        Assert.DoesNotContain(commands, c => IsScript(c) && c.Contains(lockKey.ToString(), StringComparison.Ordinal) && !c.Contains($"room:{{{m.Joint}}}:seq", StringComparison.Ordinal));
    }

    /// <summary>
    /// Alex, a party on node 2, admitted to the joint room of <paramref name="m"/> (its mediator is on node 1); one message
    /// crossed between them, so the writer's node has read the session and its next send is a warm one.
    /// </summary>
    private async Task<Person> AlexOnNode2InTheJointRoomAsync(Mediation m, bool alexWritesFirst)
    {
        var alex = await m.InviteToLobbyAsync("Alex", "Party", "Claimant", nodes.Node2);
        await m.AdmitAsync(alex, m.Joint);
        var (writer, reader) = alexWritesFirst ? (alex.Tab, m.MediatorTab) : (m.MediatorTab, alex.Tab);
        await writer.SendAsync(m.Joint, "the writer's node reads the session");
        await reader.WaitForMessageAsync("the writer's node reads the session");
        return alex;
    }

    /// <summary>A command a script ran inside Redis (MONITOR shows them too): part of the script's one round trip.</summary>
    private static bool InScript(string command) => command.Contains("[0 lua]", StringComparison.Ordinal);

    private static bool IsScript(string command) =>
        command.Contains("\"EVALSHA\"", StringComparison.OrdinalIgnoreCase) || command.Contains("\"EVAL\"", StringComparison.OrdinalIgnoreCase);
}
