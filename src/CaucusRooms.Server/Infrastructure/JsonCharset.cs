using System.Text;
using Microsoft.Net.Http.Headers;

namespace CaucusRooms.Server.Infrastructure;

/// <summary>
/// Reads the charset of a JSON request body the way RFC 9110 writes it: quoted or not, in any
/// case. UTF-8 (the only charset JSON needs, RFC 8259) goes on as plain <c>application/json</c>;
/// another charset .NET knows goes on unquoted, to be transcoded; an unknown one is refused
/// with a 415 of the usual shape. Left to the framework, a quoted or unknown charset throws
/// while the body is read, and the caller gets a 500.
/// </summary>
internal static class JsonCharset
{
    public static IApplicationBuilder UseJsonCharset(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            if (http.Request.ContentType is { } header
                && MediaTypeHeaderValue.TryParse(header, out var mediaType)
                && IsJson(mediaType)
                && mediaType.Charset.HasValue)
            {
                var charset = HeaderUtilities.RemoveQuotes(mediaType.Charset).ToString().Trim();
                if (Known(charset) is not { } encoding)
                {
                    http.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
                    await http.Response.WriteAsJsonAsync(ErrorHandling.UnsupportedMediaType);
                    return;
                }
                mediaType.Charset = encoding.CodePage == Encoding.UTF8.CodePage ? null : encoding.WebName;
                http.Request.ContentType = mediaType.ToString();
            }
            await next(http);
        });

    private static bool IsJson(MediaTypeHeaderValue mediaType) =>
        mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        || mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase);

    private static Encoding? Known(string charset)
    {
        if (charset.Length == 0) return null;
        try
        {
            return Encoding.GetEncoding(charset);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
