using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.Accounts;
using CaucusRooms.Server.Infrastructure;
using CaucusRooms.Server.Sessions;

namespace CaucusRooms.Server.Audit;

/// <summary>
/// The session's records for its mediators — the content-free audit trail and the agreement record —
/// as JSON and as a printable page. A session's own mediator accounts keep access after it closes.
/// </summary>
internal static class RecordEndpoints
{
    public static IEndpointRouteBuilder MapRecords(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/sessions/{sessionId}").RequireAuthorization();
        group.MapGet("/audit", async (string sessionId, ClaimsPrincipal user, SessionCoordinator sessions, SessionAccess access, IAuditStore audit, CancellationToken ct) =>
        {
            var (session, problem) = await RecordsOfAsync(sessionId, user, sessions, access, ct);
            return problem ?? Results.Ok(await audit.ReadAsync(session!.Id, ct));
        });
        group.MapGet("/audit/print", async (string sessionId, ClaimsPrincipal user, SessionCoordinator sessions, SessionAccess access, IAuditStore audit, CancellationToken ct) =>
        {
            var (session, problem) = await RecordsOfAsync(sessionId, user, sessions, access, ct);
            if (problem is not null) return problem;
            var rows = (await audit.ReadAsync(session!.Id, ct)).Select(e => new[]
            {
                e.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture), e.At.ToString("u", System.Globalization.CultureInfo.InvariantCulture),
                e.Kind, e.ActorName ?? "", e.TargetName ?? "", e.From ?? "", e.To ?? "", e.ItemId ?? "", e.Detail ?? "",
            });
            return Page($"Audit trail — {session.Title}", "No message text is ever part of this record.",
                ["#", "When (UTC)", "What", "By", "Concerning", "From", "To", "Item", "Detail"], rows);
        });
        // A mediator checks a quoted text against the relays recorded: the trail holds keyed hashes of relayed words, never words.
        group.MapPost("/audit/check", async (string sessionId, WordsCheckRequest request, ClaimsPrincipal user, SessionCoordinator sessions, SessionAccess access,
            IAuditStore audit, WordsDigest digests, CancellationToken ct) =>
        {
            var (session, problem) = await RecordsOfAsync(sessionId, user, sessions, access, ct);
            if (problem is not null) return problem;
            if (string.IsNullOrEmpty(request.Text) || request.Text.Length > Contracts.HubPaths.MaxMessageLength)
                return Refusals.Error(400, nameof(RefusalReason.InvalidInput), $"Give the text to check: 1 to {Contracts.HubPaths.MaxMessageLength} characters.");
            var digest = await digests.OfAsync(session!.Id, request.Text, ct);
            var matches = (await audit.ReadAsync(session.Id, ct)).Where(e => e.WordsHmac is { } h && string.Equals(h, digest, StringComparison.Ordinal)).ToList();
            return Results.Ok(new WordsCheckResponse(matches));
        });
        group.MapGet("/agreement/record", async (string sessionId, ClaimsPrincipal user, SessionCoordinator sessions, SessionAccess access, CancellationToken ct) =>
        {
            var (session, problem) = await RecordsOfAsync(sessionId, user, sessions, access, ct);
            return problem ?? Results.Ok(AgreementRecord(session!));
        });
        group.MapGet("/agreement/record/print", async (string sessionId, ClaimsPrincipal user, SessionCoordinator sessions, SessionAccess access, CancellationToken ct) =>
        {
            var (session, problem) = await RecordsOfAsync(sessionId, user, sessions, access, ct);
            if (problem is not null) return problem;
            var record = AgreementRecord(session!);
            return Page($"Agreement record — {record.Title}", $"Agreement version {record.AgreementVersion}: {record.AgreementText}",
                ["Name", "Role", "Side", "Typed name", "Version", "Accepted at (UTC)"],
                record.Acceptances.Select(a => new[] { a.DisplayName, a.Role, a.Side ?? "", a.TypedName, a.AgreementVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), a.AcceptedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture) }));
        });
        return app;
    }

    private static AgreementRecordDto AgreementRecord(MediationSession session) =>
        new(session.Id.ToString(), session.Title, session.AgreementVersion, session.AgreementText,
            [.. session.People.Where(p => p.Acceptance is not null).OrderBy(p => p.Acceptance!.AcceptedAt).Select(p => new AgreementAcceptanceDto(
                p.Id.ToString(), p.DisplayName, p.Role.ToString(), SessionViews.SideName(session, p.Side),
                p.Acceptance!.TypedName, p.Acceptance.AgreementVersion, p.Acceptance.AcceptedAt))]);

    /// <summary>Its mediators while it runs; after it closes, the mediator accounts that ran it.</summary>
    private static async Task<(MediationSession? Session, IResult? Problem)> RecordsOfAsync(
        string sessionId, ClaimsPrincipal user, SessionCoordinator sessions, SessionAccess access, CancellationToken ct)
    {
        var (session, me) = await SessionEndpoints.MemberOfAsync(sessionId, user, sessions, access, ct);
        var allowed = session is not null && Entitlements.MayReadRecords(session, me, ranItToTheEnd: user.IsMediatorAccount());
        return allowed
            ? (session, null)
            : (null, Refusals.Error(404, nameof(RefusalReason.UnknownSession), "No such session, or you are not one of its mediators."));
    }

    private static IResult Page(string title, string note, string[] headers, IEnumerable<string[]> rows)
    {
        var e = HtmlEncoder.Default;
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(e.Encode(title)).Append("</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse;width:100%}")
            .Append("th,td{border:1px solid #999;padding:.3rem .5rem;text-align:left;font-size:.9rem}@media print{button{display:none}}</style></head><body>")
            .Append("<h1>").Append(e.Encode(title)).Append("</h1><p>").Append(e.Encode(note)).Append("</p>")
            .Append("<table><thead><tr>");
        foreach (var h in headers) html.Append("<th scope=\"col\">").Append(e.Encode(h)).Append("</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var cell in row) html.Append("<td>").Append(e.Encode(cell)).Append("</td>");
            html.Append("</tr>");
        }
        html.Append("</tbody></table></body></html>");
        return Results.Text(html.ToString(), "text/html; charset=utf-8");
    }
}
