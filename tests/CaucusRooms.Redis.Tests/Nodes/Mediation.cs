using System.Net;
using System.Net.Http.Json;
using CaucusRooms.Contracts;

namespace CaucusRooms.Redis.Tests.Nodes;

/// <summary>A session opened by the mediator through the real HTTP API, and the people invited to it.</summary>
public sealed class Mediation : IAsyncDisposable
{
    private readonly List<Person> _people = [];

    private Mediation(Person mediator, Uri node, CreateSessionResponse created, IReadOnlyList<string> sides)
    {
        Mediator = mediator;
        MediatorNode = node;
        SessionId = created.SessionId;
        Joint = created.Rooms.Single(r => r.Kind == "Joint").RoomId;
        MediatorsRoom = created.Rooms.Single(r => r.Kind == "Mediators").RoomId;
        ClaimantCaucus = created.Rooms.Single(r => r.Side == sides[0]).RoomId;
        RespondentCaucus = created.Rooms.Single(r => r.Side == sides[1]).RoomId;
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

    /// <summary>
    /// As above, at any address; <paramref name="negotiate"/> for a hub connection through a sticky load balancer. The first of
    /// <paramref name="sides"/> (default Claimant, Respondent) is <see cref="ClaimantCaucus"/>'s, the second <see cref="RespondentCaucus"/>'s.
    /// </summary>
    public static async Task<Mediation> OpenAsync(Uri node, bool negotiate = false, string title = "Smith v Jones", string[]? sides = null, string? agreement = null)
    {
        sides ??= ["Claimant", "Respondent"];
        var mediator = new Person("Morgan (mediator)");
        await mediator.SignInAsync(node, ServerNode.MediatorUser, ServerNode.MediatorPassword);
        using var response = await mediator.Http(node).PostAsJsonAsync("api/sessions", new CreateSessionRequest(title, sides, agreement));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<CreateSessionResponse>())!;
        var mediation = new Mediation(mediator, node, created, sides);
        await mediator.ConnectAsync(node, mediation.SessionId, negotiate);
        mediator.ParticipantId = (await mediator.StateAsync()).ParticipantId;
        return mediation;
    }

    /// <summary>
    /// Invites a person; they redeem the invite and accept the agreement on <paramref name="node"/> (typing
    /// <paramref name="typedName"/>, by default their name), then join the hub there.
    /// </summary>
    public Task<Person> InviteAsync(string name, string role, string? side, ServerNode node, string? typedName = null) =>
        InviteAsync(name, role, side, node.BaseAddress, typedName);

    public async Task<Person> InviteAsync(string name, string role, string? side, Uri node, string? typedName = null)
    {
        var invite = await InviteOnlyAsync(name, role, side);
        var person = await RedeemAsync(name, invite.Code, node);
        using var accepted = await person.Http(node).PostAsJsonAsync($"api/sessions/{SessionId}/agreement/accept", new AcceptAgreementRequest(typedName ?? name));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        person.InviteCode = invite.Code;
        await person.ConnectAsync(node, SessionId);
        return person;
    }

    /// <summary>Invites a person who does not (yet) redeem the invite.</summary>
    public async Task<InviteResponse> InviteOnlyAsync(string name, string role, string? side)
    {
        using var response = await Mediator.Http(MediatorNode).PostAsJsonAsync($"api/sessions/{SessionId}/invites", new InviteRequest(name, role, side));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<InviteResponse>())!;
    }

    /// <summary>Another device of the same person: the same invite redeemed in a second browser, joined on <paramref name="node"/>.</summary>
    public Task<Person> SecondDeviceAsync(Person person, ServerNode node) => SecondDeviceAsync(person, node.BaseAddress);

    public async Task<Person> SecondDeviceAsync(Person person, Uri node)
    {
        var device = await RedeemAsync(person.Name + " (second device)", person.InviteCode, node);
        await device.ConnectAsync(node, SessionId);
        return device;
    }

    public Task AdmitAsync(Person person, string roomId) => Mediator.InvokeAsync(nameof(ISessionHub.Admit), person.ParticipantId, roomId);

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
