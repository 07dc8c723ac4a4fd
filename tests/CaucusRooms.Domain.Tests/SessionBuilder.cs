namespace CaucusRooms.Domain.Tests;

/// <summary>A session with a mediator, and helpers to bring people in the way a mediator would.</summary>
internal sealed class SessionBuilder
{
    public static readonly DateTimeOffset At = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    public SessionBuilder(params string[] sides)
    {
        Mediator = ParticipantId.New();
        var (session, refusal) = MediationSession.Open(SessionId.New(), "Smith v. Jones", sides.Length == 0 ? ["Claimant", "Respondent"] : sides,
            "What is said here stays here.", Mediator, "Mediator Maria", At);
        Assert.Null(refusal);
        Session = session!;
    }

    public MediationSession Session { get; }
    public ParticipantId Mediator { get; }
    public Side SideA => Session.Sides[0];
    public Side SideB => Session.Sides[1];
    public Room Joint => Session.JointRoom;
    public Room CaucusA => Session.CaucusOf(SideA.Id);
    public Room CaucusB => Session.CaucusOf(SideB.Id);
    public Room MediatorsRoom => Session.MediatorsRoom;

    public ParticipantId Invited(Role role, Side? side, string name = "Person")
    {
        var id = ParticipantId.New();
        var outcome = Session.Invite(Mediator, id, name, role, side?.Id, At);
        Assert.True(outcome.IsAccepted, outcome.ToString());
        return id;
    }

    public ParticipantId Accepted(Role role, Side? side, string name = "Person")
    {
        var id = Invited(role, side, name);
        var outcome = Session.AcceptAgreement(id, name, Session.AgreementVersion, At);
        Assert.True(outcome.IsAccepted, outcome.ToString());
        return id;
    }

    public ParticipantId AdmittedTo(Room room, Role role, Side? side, string name = "Person")
    {
        var id = Accepted(role, side, name);
        var outcome = Session.Admit(Mediator, id, room.Id, At);
        Assert.True(outcome.IsAccepted, outcome.ToString());
        return id;
    }

    /// <summary>The cast of most rules: Avery, a party of the first side, admitted to <paramref name="averyIn"/>, and Blake, a party of the second, to <paramref name="blakeIn"/>.</summary>
    public (ParticipantId Avery, ParticipantId Blake) Parties(Room averyIn, Room blakeIn) =>
        (AdmittedTo(averyIn, Role.Party, SideA, "Avery"), AdmittedTo(blakeIn, Role.Party, SideB, "Blake"));

    public Location LocationOf(ParticipantId id) => Session.Find(id)!.Location;
}
