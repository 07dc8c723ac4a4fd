using System.Net;
using System.Net.Http.Json;
using CaucusRooms.Contracts;

namespace CaucusRooms.Redis.Tests.Nodes;

/// <summary>A session opened by the mediator through the real HTTP API, and the people invited to it.</summary>
public sealed class Mediation : IAsyncDisposable
{
    private readonly List<Person> _people = [];

    private Mediation(Person mediator, Uri node, CreateSessionResponse created)
    {
        Mediator = mediator;
        MediatorNode = node;
        SessionId = created.SessionId;
        Joint = created.Rooms.Single(r => r.Kind == "Joint").RoomId;
        MediatorsRoom = created.Rooms.Single(r => r.Kind == "Mediators").RoomId;
        ClaimantCaucus = created.Rooms.Single(r => r.Side == "Claimant").RoomId;
        RespondentCaucus = created.Rooms.Single(r => r.Side == "Respondent").RoomId;
        _people.Add(mediator);
    }

    public Person Mediator { get; }

    /// <summary>Where the mediator signed in: a node, or the load balancer.</summary>
    public Uri MediatorNode { get; }

    public string SessionId { get; }

    public string Joint { get; }

    public string MediatorsRoom { get; }

    public string ClaimantCaucus { get; }

    public string RespondentCaucus { get; }

    /// <summary>The mediator signs in on <paramref name="node"/>, opens a session and joins its hub there.</summary>
    public static Task<Mediation> OpenAsync(ServerNode node) => OpenAsync(node.BaseAddress);

    /// <summary>As above, at any address; <paramref name="negotiate"/> for a hub connection through a sticky load balancer.</summary>
    public static async Task<Mediation> OpenAsync(Uri node, bool negotiate = false, string title = "Smith v Jones")
    {
        var mediator = new Person("Morgan (mediator)");
        await mediator.SignInAsync(node, ServerNode.MediatorUser, ServerNode.MediatorPassword);
        using var response = await mediator.Http(node).PostAsJsonAsync("api/sessions", new CreateSessionRequest(title, ["Claimant", "Respondent"], null));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<CreateSessionResponse>())!;
        var mediation = new Mediation(mediator, node, created);
        await mediator.ConnectAsync(node, mediation.SessionId, negotiate);
        mediator.ParticipantId = (await mediator.StateAsync()).ParticipantId;
        return mediation;
    }

    /// <summary>Invites a person; they redeem the invite and accept the agreement on <paramref name="node"/>, then join the hub there.</summary>
    public Task<Person> InviteAsync(string name, string role, string? side, ServerNode node) => InviteAsync(name, role, side, node.BaseAddress);

    public async Task<Person> InviteAsync(string name, string role, string? side, Uri node)
    {
        using var response = await Mediator.Http(MediatorNode).PostAsJsonAsync($"api/sessions/{SessionId}/invites", new InviteRequest(name, role, side));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var invite = (await response.Content.ReadFromJsonAsync<InviteResponse>())!;
        var person = await RedeemAsync(name, invite.Code, node);
        using var accepted = await person.Http(node).PostAsJsonAsync($"api/sessions/{SessionId}/agreement/accept", new AcceptAgreementRequest(name));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        person.InviteCode = invite.Code;
        await person.ConnectAsync(node, SessionId);
        return person;
    }

    /// <summary>Another device of the same person: the same invite redeemed in a second browser, joined on <paramref name="node"/>.</summary>
    public Task<Person> SecondDeviceAsync(Person person, ServerNode node) => SecondDeviceAsync(person, node.BaseAddress);

    public async Task<Person> SecondDeviceAsync(Person person, Uri node)
    {
        var device = await RedeemAsync(person.Name + " (second device)", person.InviteCode, node);
        await device.ConnectAsync(node, SessionId);
        return device;
    }

    public Task AdmitAsync(Person person, string roomId) => Mediator.InvokeAsync("Admit", person.ParticipantId, roomId);

    private async Task<Person> RedeemAsync(string name, string code, Uri node)
    {
        var person = new Person(name);
        _people.Add(person);
        using var redeemed = await person.Http(node).PostAsJsonAsync("api/invites/redeem", new RedeemRequest(code));
        Assert.Equal(HttpStatusCode.OK, redeemed.StatusCode);
        person.ParticipantId = (await redeemed.Content.ReadFromJsonAsync<RedeemResponse>())!.ParticipantId;
        return person;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var person in _people) await person.DisposeAsync();
    }
}
