using System.Net.Http.Json;
using CaucusRooms.Contracts;

namespace CaucusRooms.Server.Tests.Harness;

/// <summary>A live session on the real server: a signed-in mediator with a hub tab, and helpers to bring people in.</summary>
public sealed class Mediation : IAsyncDisposable
{
    private readonly ServerFixture _server;
    private readonly List<Person> _people = [];

    private Mediation(ServerFixture server, Person mediator, CreateSessionResponse created, Tab mediatorTab)
    {
        _server = server;
        Mediator = mediator;
        SessionId = created.SessionId;
        Rooms = created.Rooms;
        MediatorTab = mediatorTab;
    }

    public string SessionId { get; }
    public IReadOnlyList<RoomDto> Rooms { get; }
    public Person Mediator { get; }
    public Tab MediatorTab { get; }

    public string Joint => Rooms.Single(r => r.Kind == "Joint").RoomId;
    public string CaucusOf(string side) => Rooms.Single(r => r.Kind == "Caucus" && r.Side == side).RoomId;
    public string MediatorsRoom => Rooms.Single(r => r.Kind == "Mediators").RoomId;

    public static async Task<Mediation> OpenAsync(ServerFixture server, string mediatorUserName = HubServerFixture.MediatorName, string title = "Smith v. Jones")
    {
        var mediator = new Person(server, mediatorUserName);
        await mediator.SignInAsync(mediatorUserName, HubServerFixture.Password);
        using var response = await mediator.Browser.PostAsJsonAsync("/api/sessions", new CreateSessionRequest(title, ["Claimant", "Respondent"], null));
        response.EnsureSuccessStatusCode();
        var created = (await response.Content.ReadFromJsonAsync<CreateSessionResponse>())!;
        var tab = await mediator.OpenTabAsync(created.SessionId);
        return new Mediation(server, mediator, created, tab);
    }

    /// <summary>Invites a person and has them redeem the invite in their own browser.</summary>
    public async Task<Person> InviteAsync(string displayName, string role, string? side)
    {
        using var response = await Mediator.Browser.PostAsJsonAsync($"/api/sessions/{SessionId}/invites", new InviteRequest(displayName, role, side));
        response.EnsureSuccessStatusCode();
        var invite = (await response.Content.ReadFromJsonAsync<InviteResponse>())!;
        var person = new Person(_server, displayName) { ParticipantId = invite.ParticipantId, InviteCode = invite.Code };
        _people.Add(person);
        using var redeemed = await person.RedeemAsync(invite.Code);
        redeemed.EnsureSuccessStatusCode();
        return person;
    }

    /// <summary>Invites, redeems, accepts the agreement, and admits the person to <paramref name="roomId"/>.</summary>
    public async Task<Person> AdmitAsync(string displayName, string role, string? side, string roomId)
    {
        var person = await InviteAsync(displayName, role, side);
        await person.AcceptAgreementAsync(SessionId);
        await MediatorTab.Invoke(nameof(ISessionHub.Admit), person.ParticipantId, roomId);
        return person;
    }

    /// <summary>Admits a person to <paramref name="roomId"/> and opens their first tab.</summary>
    public async Task<(Person Person, Tab Tab)> JoinAsync(string displayName, string role, string? side, string roomId)
    {
        var person = await AdmitAsync(displayName, role, side, roomId);
        return (person, await person.OpenTabAsync(SessionId));
    }

    public Task MoveAsync(Person person, string roomId) => MediatorTab.Invoke(nameof(ISessionHub.Move), person.ParticipantId, roomId);

    public async ValueTask DisposeAsync()
    {
        foreach (var p in _people) await p.DisposeAsync();
        await Mediator.DisposeAsync();
    }
}
