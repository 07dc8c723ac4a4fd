using System.Net;
using System.Net.Http.Json;
using CaucusRooms.Contracts;

namespace CaucusRooms.Client.Api;

/// <summary>An HTTP answer: the value, or a sentence saying why not.</summary>
public sealed record ApiResult<T>(T? Value, string? Problem, HttpStatusCode Status)
{
    public bool IsOk => Problem is null;
}

/// <summary>The service's HTTP API, same origin, signed in by cookie.</summary>
public sealed class CaucusApi(HttpClient http)
{
    public Task<ApiResult<MeResponse>> SignInAsync(string userName, string password) =>
        SendAsync<MeResponse>(HttpMethod.Post, "api/auth/login", new LoginRequest(userName, password),
            unauthorized: "That user name and password do not match an account.");

    public Task<ApiResult<object>> SignOutAsync() => SendAsync<object>(HttpMethod.Post, "api/auth/logout", null);

    public Task<ApiResult<MeResponse>> MeAsync() => SendAsync<MeResponse>(HttpMethod.Get, "api/me", null);

    public Task<ApiResult<List<SessionSummaryDto>>> MySessionsAsync() => SendAsync<List<SessionSummaryDto>>(HttpMethod.Get, "api/sessions", null);

    public Task<ApiResult<CreateSessionResponse>> OpenSessionAsync(CreateSessionRequest request) =>
        SendAsync<CreateSessionResponse>(HttpMethod.Post, "api/sessions", request);

    public Task<ApiResult<SessionViewDto>> SessionAsync(string sessionId) =>
        SendAsync<SessionViewDto>(HttpMethod.Get, $"api/sessions/{Uri.EscapeDataString(sessionId)}", null);

    public Task<ApiResult<InviteResponse>> InviteAsync(string sessionId, InviteRequest request) =>
        SendAsync<InviteResponse>(HttpMethod.Post, $"api/sessions/{Uri.EscapeDataString(sessionId)}/invites", request);

    public Task<ApiResult<RedeemResponse>> RedeemAsync(string code) =>
        SendAsync<RedeemResponse>(HttpMethod.Post, "api/invites/redeem", new RedeemRequest(code));

    public Task<ApiResult<AgreementDto>> AgreementAsync(string sessionId) =>
        SendAsync<AgreementDto>(HttpMethod.Get, $"api/sessions/{Uri.EscapeDataString(sessionId)}/agreement", null);

    public Task<ApiResult<AgreementDto>> AcceptAgreementAsync(string sessionId, string typedName, int version) =>
        SendAsync<AgreementDto>(HttpMethod.Post, $"api/sessions/{Uri.EscapeDataString(sessionId)}/agreement/accept", new AcceptAgreementRequest(typedName, version));

    public Task<ApiResult<IceConfigDto>> IceAsync(string sessionId) =>
        SendAsync<IceConfigDto>(HttpMethod.Get, $"api/sessions/{Uri.EscapeDataString(sessionId)}/ice", null);

    /// <summary>The session's private notes (its mediators only).</summary>
    public Task<ApiResult<MediatorNotesDto>> NotesAsync(string sessionId) =>
        SendAsync<MediatorNotesDto>(HttpMethod.Get, $"api/sessions/{Uri.EscapeDataString(sessionId)}/notes", null);

    /// <summary>Saves the session's private notes whole.</summary>
    public Task<ApiResult<MediatorNotesDto>> SaveNotesAsync(string sessionId, string text) =>
        SendAsync<MediatorNotesDto>(HttpMethod.Put, $"api/sessions/{Uri.EscapeDataString(sessionId)}/notes", new SaveNotesRequest(text));

    /// <summary>The documents of a room this person may see.</summary>
    public Task<ApiResult<List<DocumentDto>>> DocumentsAsync(string sessionId, string roomId) =>
        SendAsync<List<DocumentDto>>(HttpMethod.Get, DocumentsPath(sessionId, roomId), null);

    /// <summary>Shares a file into a room; the server checks its type from the content.</summary>
    public Task<ApiResult<DocumentDto>> ShareDocumentAsync(string sessionId, string roomId, string name, Stream content) =>
        SendAsync<DocumentDto>(HttpMethod.Post, $"{DocumentsPath(sessionId, roomId)}?name={Uri.EscapeDataString(name)}", null, content: new StreamContent(content));

    private static string DocumentsPath(string sessionId, string roomId) =>
        $"api/sessions/{Uri.EscapeDataString(sessionId)}/rooms/{Uri.EscapeDataString(roomId)}/documents";

    private async Task<ApiResult<T>> SendAsync<T>(HttpMethod method, string path, object? body, string? unauthorized = null, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body);
        if (content is not null) request.Content = content;
        try
        {
            using var response = await http.SendAsync(request);
            if (response.IsSuccessStatusCode)
            {
                var value = response.StatusCode == HttpStatusCode.NoContent || typeof(T) == typeof(object)
                    ? default
                    : await response.Content.ReadFromJsonAsync<T>();
                return new(value, null, response.StatusCode);
            }
            return new(default, await ProblemAsync(response, unauthorized), response.StatusCode);
        }
        catch (HttpRequestException)
        {
            return new(default, "The service cannot be reached. Check your connection and try again.", 0);
        }
    }

    private static async Task<string> ProblemAsync(HttpResponseMessage response, string? unauthorized)
    {
        if (response.StatusCode == HttpStatusCode.Unauthorized) return unauthorized ?? "Please sign in first.";
        if (response.StatusCode == HttpStatusCode.TooManyRequests) return "Too many attempts; wait a minute and try again.";
        try
        {
            var error = await response.Content.ReadFromJsonAsync<ErrorResponse>();
            if (!string.IsNullOrWhiteSpace(error?.Message)) return error.Message;
        }
        catch (System.Text.Json.JsonException)
        {
        }
        catch (NotSupportedException)
        {
        }
        return $"The service refused ({(int)response.StatusCode}).";
    }
}
