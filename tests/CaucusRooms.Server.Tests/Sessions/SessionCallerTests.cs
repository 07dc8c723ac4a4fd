using System.Text.Json;

namespace CaucusRooms.Server.Tests.Sessions;

/// <summary>
/// Every endpoint under <c>/api/sessions/{sessionId}</c> answers each kind of caller as docs/protocol.md says:
/// the same 401, 403 and 404 (status, reason and sentence) whichever endpoint finds the caller is not entitled.
/// </summary>
public sealed class SessionCallerTests(HubServerFixture server) : IClassFixture<HubServerFixture>
{
    private const string NotSignedIn = "401 NotSignedIn: Sign in first: this needs a signed-in account or a redeemed invite.";
    private const string NotAMember = "404 UnknownSession: No such session, or you are not a member of it.";
    private const string NotAMediator = "403 NotAMediator: Only a mediator of this session can do that.";
    private const string NotInARoom = "404 UnknownSession: No such session, or you are not in a room of it.";
    private const string NotItsMediator = "404 UnknownSession: No such session, or you are not one of its mediators.";

    /// <summary>Each endpoint once, with a body that changes nothing even where it is allowed.</summary>
    private static readonly (HttpMethod Method, string Path, object? Body)[] Endpoints =
    [
        (HttpMethod.Get, "", null),
        (HttpMethod.Post, "/invites", new { displayName = "Nobody", role = "Nobody", side = (string?)null }),
        (HttpMethod.Delete, "/participants/" + Guid.NewGuid().ToString("N"), null),
        (HttpMethod.Get, "/agreement", null),
        (HttpMethod.Post, "/agreement/accept", new { typedName = "", agreementVersion = (int?)null }),
        (HttpMethod.Get, "/ice", null),
        (HttpMethod.Get, "/audit", null),
        (HttpMethod.Get, "/audit/print", null),
        (HttpMethod.Post, "/audit/check", new { text = "" }),
        (HttpMethod.Get, "/agreement/record", null),
        (HttpMethod.Get, "/agreement/record/print", null),
    ];

    [Fact]
    public async Task EachKindOfCallerGetsTheDocumentedAnswerFromEverySessionEndpoint()
    {
        await using var m = await Mediation.OpenAsync(server);
        var lobby = await m.InviteAsync("Lee", "Party", "Claimant");
        var joint = await m.AdmitAsync("Jo", "Party", "Respondent", m.Joint);
        var removed = await m.InviteAsync("Rae", "Party", "Claimant");
        using (var removal = await m.Mediator.Browser.DeleteAsync(new Uri($"/api/sessions/{m.SessionId}/participants/{removed.ParticipantId}", UriKind.Relative)))
            removal.EnsureSuccessStatusCode();
        await using var other = new Person(server, HubServerFixture.OtherMediatorName);
        await other.SignInAsync(HubServerFixture.OtherMediatorName, HubServerFixture.Password);
        using var anonymous = server.NewBrowser();

        var answers = new List<string>();
        foreach (var (caller, browser, session) in new[]
        {
            ("anonymous", anonymous, m.SessionId),
            ("another mediator", other.Browser, m.SessionId),
            ("a party in the lobby", lobby.Browser, m.SessionId),
            ("a party in the joint room", joint.Browser, m.SessionId),
            ("a removed party", removed.Browser, m.SessionId),
            ("its mediator", m.Mediator.Browser, m.SessionId),
            ("its mediator, unknown session", m.Mediator.Browser, Guid.NewGuid().ToString("N")),
            ("its mediator, malformed id", m.Mediator.Browser, "not-an-id"),
        })
        {
            foreach (var (method, path, body) in Endpoints)
                answers.Add($"{caller} {method} {path}: {await AnswerAsync(browser, method, $"/api/sessions/{session}{path}", body)}");
        }

        string[] expected =
        [
            .. Everywhere("anonymous", NotSignedIn),
            .. Answers("another mediator", NotAMember, NotAMember, NotAMember, NotAMember, NotAMember, NotInARoom, NotItsMediator, NotItsMediator, NotItsMediator, NotItsMediator, NotItsMediator),
            .. Answers("a party in the lobby", NotAMediator, NotAMediator, NotAMediator, "200", "400 InvalidName: The typed name must not be empty.", NotInARoom, NotItsMediator, NotItsMediator, NotItsMediator, NotItsMediator, NotItsMediator),
            .. Answers("a party in the joint room", NotAMediator, NotAMediator, NotAMediator, "200", "409 AgreementAlreadyAccepted: You already accepted the agreement.", "200", NotItsMediator, NotItsMediator, NotItsMediator, NotItsMediator, NotItsMediator),
            .. Answers("a removed party", NotAMediator, NotAMediator, NotAMediator, NotAMember, "403 Removed: You were removed from this session.", NotInARoom, NotItsMediator, NotItsMediator, NotItsMediator, NotItsMediator, NotItsMediator),
            .. Answers("its mediator", "200", "400 InvalidInput: Role must be \"Party\", \"Advisor\" or \"Mediator\".", "404 UnknownParticipant: No such person in this session.", "200",
                "409 AgreementAlreadyAccepted: You already accepted the agreement.", "200", "200", "200", "400 InvalidInput: Give the text to check: 1 to 4000 characters.", "200", "200"),
            .. Everywhere("its mediator, unknown session", NotAMember, NotInARoom, NotItsMediator),
            .. Everywhere("its mediator, malformed id", NotAMember, NotInARoom, NotItsMediator),
        ];
        Assert.Equal(string.Join('\n', expected), string.Join('\n', answers));
    }

    private static IEnumerable<string> Answers(string caller, params string[] answers) =>
        Endpoints.Zip(answers, (e, answer) => $"{caller} {e.Method} {e.Path}: {answer}");

    /// <summary>One answer for every endpoint, or the member/in-a-room/records answers of a caller with no session.</summary>
    private static IEnumerable<string> Everywhere(string caller, string answer) => Answers(caller, [.. Endpoints.Select(_ => answer)]);

    private static IEnumerable<string> Everywhere(string caller, string member, string inARoom, string records) =>
        Answers(caller, member, member, member, member, member, inARoom, records, records, records, records, records);

    private static async Task<string> AnswerAsync(HttpClient browser, HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await browser.SendAsync(request);
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (response.IsSuccessStatusCode) return status;
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return $"{status} {json.RootElement.GetProperty("error").GetString()}: {json.RootElement.GetProperty("message").GetString()}";
    }
}
