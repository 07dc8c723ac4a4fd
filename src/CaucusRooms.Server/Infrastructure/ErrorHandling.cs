using CaucusRooms.Contracts;
using Microsoft.AspNetCore.Diagnostics;

namespace CaucusRooms.Server.Infrastructure;

/// <summary>
/// Every failed API request answers with <c>{ error, message }</c>: malformed bodies get a clear 400,
/// a body that is not JSON (or not in a charset we can read) a 415, anything unexpected a bare 500.
/// Never a stack trace, a header or a cookie echoed back.
/// </summary>
internal static class ErrorHandling
{
    public static readonly ErrorResponse MalformedRequest = new("MalformedRequest", "The request body is not valid JSON of the expected shape.");

    public static readonly ErrorResponse UnsupportedMediaType = new("UnsupportedMediaType",
        "Send the body as JSON in UTF-8: Content-Type: application/json (with no charset, or charset=utf-8).");

    public static IServiceCollection AddCaucusErrorHandling(this IServiceCollection services) =>
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

    public static IApplicationBuilder UseCaucusErrorHandling(this IApplicationBuilder app) =>
        app.UseExceptionHandler(errors => errors.Run(async http =>
        {
            var failure = http.Features.Get<IExceptionHandlerFeature>()?.Error;
            var (status, body) = failure switch
            {
                BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } => (StatusCodes.Status415UnsupportedMediaType, UnsupportedMediaType),
                BadHttpRequestException bad => (bad.StatusCode, MalformedRequest),
                _ => (StatusCodes.Status500InternalServerError, new ErrorResponse("ServerError", "Something went wrong on the server; nothing was changed by this request.")),
            };
            http.Response.StatusCode = status;
            await http.Response.WriteAsJsonAsync(body);
        }))
        // An endpoint that reads JSON answers a body of another type with a bare 415: give it the usual shape.
        // Other bare refusals (the hub's plain 403s) stay bare, as docs/protocol.md says.
        .UseStatusCodePages(async pages =>
        {
            if (pages.HttpContext.Response.StatusCode == StatusCodes.Status415UnsupportedMediaType)
                await pages.HttpContext.Response.WriteAsJsonAsync(UnsupportedMediaType);
        });
}
