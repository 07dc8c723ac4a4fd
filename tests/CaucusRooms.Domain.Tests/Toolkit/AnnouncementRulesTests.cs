namespace CaucusRooms.Domain.Tests.Toolkit;

/// <summary>An announcement is said in every room, each copy read by that room's readers now: together everyone admitted, never the lobby.</summary>
public sealed class AnnouncementRulesTests
{
    [Fact]
    public void AnAnnouncementReachesEveryoneAdmittedAndNobodyInTheLobby()
    {
        var s = new SessionBuilder();
        var (avery, blake) = s.Parties(s.Joint, s.CaucusB);
        var waiting = s.Accepted(Role.Party, s.SideA, "Wren");

        var rooms = s.Session.AnnouncementRooms();
        var everyReader = rooms.SelectMany(r => r.Readers).ToHashSet();

        Assert.Equal(s.Session.Rooms.Select(r => r.Id.Value).Order(), rooms.Select(r => r.Room.Value).Order());
        Assert.Equal(new[] { s.Mediator, avery, blake }.ToHashSet(), everyReader);
        Assert.DoesNotContain(waiting, everyReader);
    }

    [Fact]
    public void EachRoomsCopyIsReadOnlyByThePeopleEntitledToThatRoomSoNoSideReadsAnotherSidesCaucus()
    {
        var s = new SessionBuilder();
        s.AdmittedTo(s.Joint, Role.Party, s.SideA, "Avery");
        var blake = s.AdmittedTo(s.Joint, Role.Party, s.SideB, "Blake");

        var caucusA = s.Session.AnnouncementRooms().Single(r => r.Room == s.CaucusA.Id);

        Assert.Equal(Entitlements.Readers(s.Session, s.CaucusA.Id), caucusA.Readers);
        Assert.DoesNotContain(blake, caucusA.Readers);
    }

    [Fact]
    public void OnlyAnActingMediatorAnnounces()
    {
        var s = new SessionBuilder();
        var avery = s.AdmittedTo(s.Joint, Role.Party, s.SideA, "Avery");
        var waitingCoMediator = s.Accepted(Role.Mediator, null, "Noor");

        Assert.Null(s.Session.WhyNotAnnounce(s.Mediator));
        Assert.Equal(RefusalReason.NotAMediator, s.Session.WhyNotAnnounce(avery)?.Reason);
        Assert.Equal(RefusalReason.NotAdmitted, s.Session.WhyNotAnnounce(waitingCoMediator)?.Reason);
    }
}
