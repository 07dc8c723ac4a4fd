using StackExchange.Redis;

namespace CaucusRooms.Redis.Tests.Nodes;

/// <summary>
/// A committed change is in the audit trail, whatever fails between the two: the session and its audit entry are
/// one Redis step. Here the trail cannot take an entry (its key holds a string, so Redis refuses the append) while the
/// session could still be written, the fault that a crash or an outage between two separate writes would be.
/// </summary>
[Collection(TwoNodesTestGroup.Name)]
public sealed class AuditedChangeTests(TwoNodes nodes)
{
    [Fact]
    public async Task AnAdmissionWhoseAuditEntryCannotBeWrittenIsNotCommittedAndTheSessionAndItsTrailStillAgree()
    {
        await using var m = await Mediation.OpenAsync(nodes.Node1);
        var alex = await m.InviteToLobbyAsync("Alex", "Party", "Claimant", nodes.Node2);
        using var redis = await ConnectionMultiplexer.ConnectAsync(nodes.Redis.ConnectionString).WaitAsync(Tab.Timeout);
        var db = redis.GetDatabase();
        var trail = RedisKeys.SessionAudit(new SessionId(Guid.Parse(m.SessionId)));
        RedisKey parked = $"{trail}:parked-by-the-test";

        await db.KeyRenameAsync(trail, parked).WaitAsync(Tab.Timeout);
        await db.StringSetAsync(trail, "not a list").WaitAsync(Tab.Timeout);
        var failed = await Record.ExceptionAsync(() => m.AdmitAsync(alex, m.Joint));
        await db.KeyDeleteAsync(trail).WaitAsync(Tab.Timeout);
        await db.KeyRenameAsync(parked, trail).WaitAsync(Tab.Timeout);

        Assert.NotNull(failed);
        Assert.Equal("Lobby", await LocationOfAsync(m, alex));
        Assert.DoesNotContain(await TrailAsync(m), e => e.Kind == "Admitted");

        await m.AdmitAsync(alex, m.Joint);

        Assert.Equal("Joint", await LocationOfAsync(m, alex));
        Assert.Equal(alex.ParticipantId, Assert.Single(await TrailAsync(m), e => e.Kind == "Admitted").TargetId);
    }

    private static async Task<string?> LocationOfAsync(Mediation m, Person person)
    {
        var view = await m.MediatorTab.Hub.GetSession();
        var seen = view.People.Single(p => p.ParticipantId == person.ParticipantId);
        return seen.RoomId is { } room ? view.Rooms.Single(r => r.RoomId == room).Kind : seen.Location;
    }

    private static async Task<List<AuditEntryDto>> TrailAsync(Mediation m) =>
        (await m.Mediator.Browser.GetFromJsonAsync<List<AuditEntryDto>>($"api/sessions/{m.SessionId}/audit").WaitAsync(Tab.Timeout))!;
}
