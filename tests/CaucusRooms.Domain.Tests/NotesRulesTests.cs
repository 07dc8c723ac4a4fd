namespace CaucusRooms.Domain.Tests;

/// <summary>The mediator's private notes: only a mediator acting now writes them; only the session's mediators ever read them (as its records).</summary>
public sealed class NotesRulesTests
{
    [Fact]
    public void OnlyAnAdmittedMediatorOfTheOpenSessionKeepsNotes()
    {
        var s = new SessionBuilder();
        var avery = s.AdmittedTo(s.Joint, Role.Party, s.SideA, "Avery");
        var counsel = s.AdmittedTo(s.CaucusB, Role.Advisor, s.SideB, "Counsel");
        var coInLobby = s.Accepted(Role.Mediator, null, "Co");

        Assert.True(Entitlements.MayKeepNotes(s.Session, s.Mediator));
        Assert.False(Entitlements.MayKeepNotes(s.Session, avery));
        Assert.False(Entitlements.MayKeepNotes(s.Session, counsel));
        Assert.False(Entitlements.MayKeepNotes(s.Session, coInLobby));
        Assert.False(Entitlements.MayKeepNotes(s.Session, ParticipantId.New()));
        Assert.False(Entitlements.MayReadRecords(s.Session, avery, ranItToTheEnd: true));
        Assert.False(Entitlements.MayReadRecords(s.Session, coInLobby, ranItToTheEnd: true));
    }

    [Fact]
    public void AfterTheSessionClosesItsMediatorStillExportsTheNotesButNobodyWritesThem()
    {
        var s = new SessionBuilder();
        var avery = s.AdmittedTo(s.Joint, Role.Party, s.SideA, "Avery");
        Assert.True(s.Session.Close(s.Mediator, At).IsAccepted);

        Assert.False(Entitlements.MayKeepNotes(s.Session, s.Mediator));
        Assert.True(Entitlements.MayReadRecords(s.Session, s.Mediator, ranItToTheEnd: true));
        Assert.False(Entitlements.MayReadRecords(s.Session, s.Mediator, ranItToTheEnd: false));
        Assert.False(Entitlements.MayReadRecords(s.Session, avery, ranItToTheEnd: true));
    }
}
