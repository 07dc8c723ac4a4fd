using CaucusRooms.Contracts;
using CaucusRooms.Domain;

namespace CaucusRooms.Server.Infrastructure;

/// <summary>How a domain refusal reads over HTTP: a status code and the reason with a clear sentence.</summary>
internal static class Refusals
{
    public static IResult ToHttp(this Refusal refusal) => Results.Json(
        new ErrorResponse(refusal.Reason.ToString(), refusal.Message),
        statusCode: refusal.Reason switch
        {
            RefusalReason.UnknownSession or RefusalReason.UnknownParticipant or RefusalReason.UnknownRoom or RefusalReason.UnknownItem => StatusCodes.Status404NotFound,
            RefusalReason.NotAMediator or RefusalReason.NotEntitled or RefusalReason.Removed or RefusalReason.NotAParty => StatusCodes.Status403Forbidden,
            RefusalReason.InvalidName or RefusalReason.InvalidInput or RefusalReason.InvalidSide or RefusalReason.InvalidSides or RefusalReason.AgreementVersionMismatch
                or RefusalReason.EmptyDocument or RefusalReason.DocumentTypeNotAllowed => StatusCodes.Status400BadRequest,
            RefusalReason.DocumentTooLarge => StatusCodes.Status413PayloadTooLarge,
            _ => StatusCodes.Status409Conflict,
        });

    public static IResult Error(int status, string error, string message) =>
        Results.Json(new ErrorResponse(error, message), statusCode: status);
}
