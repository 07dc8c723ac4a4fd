namespace CaucusRooms.Bench.Hosting;

/// <summary>The bench's HTTP calls as a browser makes them: JSON posts carrying the <c>caucus</c> sign-in cookie.</summary>
internal static class CookieHttp
{
    /// <summary>Posts <paramref name="body"/>; a refusal throws with its status and body, so a set-up step cannot fail silently.</summary>
    public static async Task<HttpResponseMessage> PostAsync<T>(HttpClient http, string path, T body, string? cookie, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = System.Net.Http.Json.JsonContent.Create(body) };
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        var response = await http.SendAsync(request, ct);
        if (response.IsSuccessStatusCode) return response;
        var text = await response.Content.ReadAsStringAsync(ct);
        response.Dispose();
        throw new HttpRequestException($"POST {path}: {(int)response.StatusCode} {text}", null, response.StatusCode);
    }

    /// <summary>Posts and returns the <c>caucus</c> cookie the answer sets (sign-in, redeeming an invite), as a Cookie header value.</summary>
    public static async Task<string> PostForCookieAsync<T>(HttpClient http, string path, T body, string? cookie, CancellationToken ct)
    {
        using var response = await PostAsync(http, path, body, cookie, ct);
        return CookieOf(response);
    }

    /// <summary>The <c>caucus</c> cookie an answer sets, as a Cookie header value.</summary>
    public static string CookieOf(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var header = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.FirstOrDefault(v => v.StartsWith("caucus=", StringComparison.Ordinal)) : null;
        if (header is null) throw new HttpRequestException("The answer set no caucus cookie.", null, response.StatusCode);
        var end = header.IndexOf(';', StringComparison.Ordinal);
        return end < 0 ? header : header[..end];
    }
}
