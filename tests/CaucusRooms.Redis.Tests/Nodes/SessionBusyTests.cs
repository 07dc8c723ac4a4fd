using CaucusRooms.Server.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using StackExchange.Redis;

namespace CaucusRooms.Redis.Tests.Nodes;

/// <summary>
/// A change that waits longer than <see cref="RedisSessionLocks.MaxWait"/> for the session's lock (here held by a stuck
/// holder) is refused as "Busy" with a sentence that says so, not as "shared storage unavailable": Redis answered all
/// along. Nothing is changed, and the same call goes through once the lock is free.
/// </summary>
[Collection(TwoNodesTestGroup.Name)]
public sealed class SessionBusyTests(TwoNodes nodes)
{
    [Fact]
    public async Task AMoveThatWaitsPastTheLockWaitIsRefusedAsBusyAndGoesThroughOnceTheLockIsFree()
    {
        await using var m = await Mediation.OpenAsync(nodes.Node1);
        var alex = await m.InviteToLobbyAsync("Alex", "Party", "Claimant", nodes.Node2);
        await m.AdmitAsync(alex, m.Joint);
        using var redis = await ConnectionMultiplexer.ConnectAsync(nodes.Redis.ConnectionString);
        var db = redis.GetDatabase();
        var lockKey = RedisKeys.SessionLock(new SessionId(Guid.Parse(m.SessionId)));
        Assert.True(await db.StringSetAsync(lockKey, "a-stuck-holder", RedisSessionLocks.MaxWait * 3, When.NotExists));

        var refused = await Assert.ThrowsAsync<HubException>(() => m.MediatorTab.Connection
            .InvokeAsync(nameof(ISessionHub.Move), alex.ParticipantId, m.ClaimantCaucus).WaitAsync(RedisSessionLocks.MaxWait * 2));

        Assert.True(HubRefusal.TryParse(refused.Message, out var refusal), refused.Message);
        Assert.Equal((SessionBusyException.Error, SessionBusyException.Sentence), (refusal.Reason, refusal.Sentence));
        Assert.Equal(m.Joint, (await alex.Tab.Hub.GetState()).RoomId);

        await db.KeyDeleteAsync(lockKey);
        await m.MediatorTab.Hub.Move(alex.ParticipantId, m.ClaimantCaucus);
        Assert.Equal(m.ClaimantCaucus, (await alex.Tab.WaitForStateAsync(s => s.Reason == "moved")).RoomId);
    }
}
