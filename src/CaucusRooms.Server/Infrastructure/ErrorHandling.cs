using CaucusRooms.Contracts;
using Microsoft.AspNetCore.Diagnostics;

namespace CaucusRooms.Server.Infrastructure;

/// <summary>
/// Every failed API request answers with <c>{ error, message }</c>: malformed bodies get a clear 400,
/// anything unexpected a bare 500. Never a stack trace, a header or a cookie echoed back.
/// </summary>
internal static class ErrorHandling
{
    public static IServiceCollection AddCaucusErrorHandling(this IServiceCollection services) =>
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

    public static IApplicationBuilder UseCaucusErrorHandling(this IApplicationBuilder app) =>
        app.UseExceptionHandler(errors => errors.Run(async http =>
        {
            var failure = http.Features.Get<IExceptionHandlerFeature>()?.Error;
            var (status, body) = failure is BadHttpRequestException bad
                ? (bad.StatusCode, new ErrorResponse("MalformedRequest", "The request body is not valid JSON of the expected shape."))
                : (StatusCodes.Status500InternalServerError, new ErrorResponse("ServerError", "Something went wrong on the server; nothing was changed by this request."));
            http.Response.StatusCode = status;
            await http.Response.WriteAsJsonAsync(body);
        }));
}
