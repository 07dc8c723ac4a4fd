using System.Text;
using System.Text.Encodings.Web;
using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.Infrastructure;
using CaucusRooms.Server.SessionState;

namespace CaucusRooms.Server.Audit;

/// <summary>
/// The session's records for its mediators — the content-free audit trail and the agreement record —
/// as JSON and as a printable page. A session's own mediator accounts keep access after it closes.
/// </summary>
internal static class RecordEndpoints
{
    public static RouteGroupBuilder MapRecords(this IEndpointRouteBuilder app)
    {
        var records = app.MapGroup($"/api/sessions/{{{SessionCaller.RouteKey}}}").RequireAuthorization().RequireSessionCaller(SessionCallerRules.RecordsReader);
        records.MapGet("/audit", async (SessionCaller reader, IAuditStore audit, CancellationToken ct) =>
            Results.Ok(await audit.ReadAsync(reader.Session.Id, ct)));
        records.MapGet("/audit/print", async (SessionCaller reader, IAuditStore audit, CancellationToken ct) =>
        {
            var session = reader.Session;
            var rows = (await audit.ReadAsync(session.Id, ct)).Select(e => new[]
            {
                e.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture), e.At.ToString("u", System.Globalization.CultureInfo.InvariantCulture),
                e.Kind, e.ActorName ?? "", e.TargetName ?? "", e.From ?? "", e.To ?? "", e.ItemId ?? "", e.Detail ?? "",
            });
            return Page($"Audit trail — {session.Title}", "No message text is ever part of this record.",
                ["#", "When (UTC)", "What", "By", "Concerning", "From", "To", "Item", "Detail"], rows);
        });
        // A mediator checks a quoted text against the relays recorded: the trail holds keyed hashes of relayed words, never words.
        records.MapPost("/audit/check", async (WordsCheckRequest request, SessionCaller reader, IAuditStore audit, WordsDigest digests, CancellationToken ct) =>
        {
            if (string.IsNullOrEmpty(request.Text) || request.Text.Length > Contracts.HubPaths.MaxMessageLength)
                return Refusals.Error(400, nameof(RefusalReason.InvalidInput), $"Give the text to check: 1 to {Contracts.HubPaths.MaxMessageLength} characters.");
            var digest = await digests.OfAsync(reader.Session.Id, request.Text, ct);
            var matches = (await audit.ReadAsync(reader.Session.Id, ct)).Where(e => e.WordsHmac is { } h && string.Equals(h, digest, StringComparison.Ordinal)).ToList();
            return Results.Ok(new WordsCheckResponse(matches));
        });
        records.MapGet("/agreement/record", (SessionCaller reader) => Results.Ok(AgreementRecord(reader.Session)));
        records.MapGet("/agreement/record/print", (SessionCaller reader) =>
        {
            var record = AgreementRecord(reader.Session);
            return Page($"Agreement record — {record.Title}", $"Agreement version {record.AgreementVersion}: {record.AgreementText}",
                ["Name", "Role", "Side", "Typed name", "Version", "Accepted at (UTC)"],
                record.Acceptances.Select(a => new[] { a.DisplayName, a.Role, a.Side ?? "", a.TypedName, a.AgreementVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), a.AcceptedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture) }));
        });
        return records;
    }

    private static AgreementRecordDto AgreementRecord(MediationSession session) =>
        new(session.Id.ToString(), session.Title, session.AgreementVersion, session.AgreementText,
            [.. session.People.Where(p => p.Acceptance is not null).OrderBy(p => p.Acceptance!.AcceptedAt).Select(p => new AgreementAcceptanceDto(
                p.Id.ToString(), p.DisplayName, p.Role.ToString(), SessionViews.SideName(session, p.Side),
                p.Acceptance!.TypedName, p.Acceptance.AgreementVersion, p.Acceptance.AcceptedAt))]);

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
