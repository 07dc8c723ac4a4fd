using System.Net;
using System.Net.Http.Json;
using CaucusRooms.Contracts;

namespace CaucusRooms.Testing;

/// <summary>
/// A live session opened through the real HTTP API: a signed-in mediator with a hub tab, the session's rooms, and the
/// ways people come in. Everyone it brings in is disposed with it.
/// </summary>
public sealed class Mediation : IAsyncDisposable
{
    private readonly List<Person> _people = [];

    private Mediation(Person mediator, CreateSessionResponse created, IReadOnlyList<string> sides, Tab mediatorTab)
    {
        Mediator = mediator;
        SessionId = created.SessionId;
        Rooms = created.Rooms;
        Sides = sides;
        MediatorTab = mediatorTab;
        _people.Add(mediator);
    }

    public string SessionId { get; }
    public IReadOnlyList<RoomDto> Rooms { get; }

    /// <summary>The session's two sides, in the order it was opened with (by default Claimant, Respondent).</summary>
    public IReadOnlyList<string> Sides { get; }
    public Person Mediator { get; }
    public Tab MediatorTab { get; }

    /// <summary>Where the mediator signed in: a host, a node, or a load balancer.</summary>
    public Uri Address => Mediator.Home;

    public string Joint => Rooms.Single(r => r.Kind == "Joint").RoomId;
    public string CaucusOf(string side) => Rooms.Single(r => r.Kind == "Caucus" && r.Side == side).RoomId;
    public string MediatorsRoom => Rooms.Single(r => r.Kind == "Mediators").RoomId;

    /// <summary>The first side's caucus.</summary>
    public string ClaimantCaucus => CaucusOf(Sides[0]);

    /// <summary>The second side's caucus.</summary>
    public string RespondentCaucus => CaucusOf(Sides[1]);

    /// <inheritdoc cref="OpenAsync(Uri, string, string, string[], string)"/>
    public static Task<Mediation> OpenAsync(ITestServer server, string mediatorUserName = TestAccounts.Mediator, string title = "Smith v. Jones", string[]? sides = null, string? agreement = null) =>
        OpenAsync((server ?? throw new ArgumentNullException(nameof(server))).BaseAddress, mediatorUserName, title, sides, agreement);

    /// <summary>
    /// The mediator signs in at <paramref name="address"/>, opens a session with two <paramref name="sides"/> (by
    /// default Claimant, Respondent) and opens its hub there.
    /// </summary>
    public static async Task<Mediation> OpenAsync(Uri address, string mediatorUserName = TestAccounts.Mediator, string title = "Smith v. Jones", string[]? sides = null, string? agreement = null)
    {
        sides ??= ["Claimant", "Respondent"];
        var mediator = new Person(address, mediatorUserName);
        try
        {
            await mediator.SignInAsync(mediatorUserName);
            using var response = await mediator.Browser.PostAsJsonAsync("api/sessions", new CreateSessionRequest(title, sides, agreement));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var created = (await response.Content.ReadFromJsonAsync<CreateSessionResponse>())!;
            var tab = await mediator.OpenTabAsync(created.SessionId);
            mediator.ParticipantId = tab.LastState!.ParticipantId;
            return new Mediation(mediator, created, sides, tab);
        }
        catch
        {
            await mediator.DisposeAsync();
            throw;
        }
    }

    /// <summary>Invites a person who does not (yet) redeem the invite.</summary>
    public async Task<InviteResponse> InviteOnlyAsync(string displayName, string role, string? side)
    {
        using var response = await Mediator.Browser.PostAsJsonAsync($"api/sessions/{SessionId}/invites", new InviteRequest(displayName, role, side));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<InviteResponse>())!;
    }

    /// <summary>Invites a person and has them redeem the invite in their own browser, at <paramref name="at"/> (by default where the mediator is).</summary>
    public async Task<Person> InviteAsync(string displayName, string role, string? side, Uri? at = null)
    {
        var invite = await InviteOnlyAsync(displayName, role, side);
        return await RedeemAsync(displayName, invite.Code, at ?? Address);
    }

    /// <summary>
    /// Invites a person who redeems the invite and accepts the agreement at <paramref name="at"/> (typing
    /// <paramref name="typedName"/>, by default their name) and opens a tab there: they wait in the lobby to be admitted.
    /// </summary>
    public async Task<Person> InviteToLobbyAsync(string displayName, string role, string? side, ITestServer at, string? typedName = null) =>
        await InviteToLobbyAsync(displayName, role, side, (at ?? throw new ArgumentNullException(nameof(at))).BaseAddress, typedName);

    /// <inheritdoc cref="InviteToLobbyAsync(string, string, string?, ITestServer, string?)"/>
    public async Task<Person> InviteToLobbyAsync(string displayName, string role, string? side, Uri at, string? typedName = null)
    {
        var person = await InviteAsync(displayName, role, side, at);
        await person.AcceptAgreementAsync(SessionId, typedName);
        await person.OpenTabAsync(SessionId);
        return person;
    }

    /// <summary>Invites, redeems, accepts the agreement, and admits the person to <paramref name="roomId"/>.</summary>
    public async Task<Person> AdmitAsync(string displayName, string role, string? side, string roomId)
    {
        var person = await InviteAsync(displayName, role, side);
        await person.AcceptAgreementAsync(SessionId);
        await AdmitAsync(person, roomId);
        return person;
    }

    /// <summary>The mediator admits a person who accepted the agreement to <paramref name="roomId"/>.</summary>
    public Task AdmitAsync(Person person, string roomId) => MediatorTab.Hub.Admit((person ?? throw new ArgumentNullException(nameof(person))).ParticipantId, roomId);

    /// <summary>Admits a person to <paramref name="roomId"/> and opens their first tab.</summary>
    public async Task<(Person Person, Tab Tab)> JoinAsync(string displayName, string role, string? side, string roomId)
    {
        var person = await AdmitAsync(displayName, role, side, roomId);
        return (person, await person.OpenTabAsync(SessionId));
    }

    /// <summary>Another device of the same person: the same invite redeemed in a second browser at <paramref name="at"/>, with a tab open there.</summary>
    public Task<Person> SecondDeviceAsync(Person person, ITestServer at) => SecondDeviceAsync(person, (at ?? throw new ArgumentNullException(nameof(at))).BaseAddress);

    /// <inheritdoc cref="SecondDeviceAsync(Person, ITestServer)"/>
    public async Task<Person> SecondDeviceAsync(Person person, Uri at)
    {
        ArgumentNullException.ThrowIfNull(person);
        var device = await RedeemAsync(person.Name + " (second device)", person.InviteCode, at);
        await device.OpenTabAsync(SessionId);
        return device;
    }

    public Task MoveAsync(Person person, string roomId) => MediatorTab.Hub.Move((person ?? throw new ArgumentNullException(nameof(person))).ParticipantId, roomId);

    private async Task<Person> RedeemAsync(string displayName, string code, Uri at)
    {
        var person = new Person(at, displayName) { InviteCode = code };
        _people.Add(person);
        using var redeemed = await person.RedeemAsync(code);
        Assert.Equal(HttpStatusCode.OK, redeemed.StatusCode);
        person.ParticipantId = (await redeemed.Content.ReadFromJsonAsync<RedeemResponse>())!.ParticipantId;
        return person;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var person in _people) await person.DisposeAsync();
    }
}
