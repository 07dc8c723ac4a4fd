using System.Globalization;
using System.Text;

namespace CaucusRooms.Bench.Chaos;

/// <summary>One fault's figures: seconds from recovery to the first successful call, how long it lasted, the calls in its window.</summary>
internal sealed record ChaosFault(string Name, double? FirstSuccessSeconds, double? LastedSeconds, long Attempted, long Accepted, long Refused, long Unavailable, long Failed);

internal sealed record ChaosResult(
    ChaosOptions Options, long Attempted, long Accepted, long Refused, long Unavailable, long Failed, long Sends, long Deliveries,
    long HistoryAnswers, long HistoryMessages, long FinalMessages, long Reconnects, long MovedToOtherNode,
    long Leaks, long Duplicates, long Lost, IReadOnlyList<ChaosFault> Faults, IReadOnlyList<string> Cases,
    double TrafficSeconds, double TotalSeconds, string LoadAverage, int People, int ThreeSidedSessions,
    long CommittedChecked = 0, long ModelDisagreements = 0, long LateCommits = 0, long UnjudgedSessions = 0, long UnrecordedChanges = 0, long Drawn = 0)
{
    /// <summary>Too little was checked to mean anything: most operations, deliveries and history answers must have happened, and every fault must have been recovered from.</summary>
    public bool CheckedTooLittle =>
        Attempted < Options.Operations * 0.9 || Deliveries < Options.Operations / 4 || HistoryAnswers < Options.Operations / 50 ||
        Faults.Any(f => f.FirstSuccessSeconds is null) || UnjudgedSessions > 0 || CommittedChecked < Deliveries / 8;

    public int ExitCode => Leaks + Duplicates + Lost > 0 ? 2 : CheckedTooLittle ? 1 : 0;

    public string Text
    {
        get
        {
            var b = new StringBuilder();
            b.AppendLine(CultureInfo.InvariantCulture, $"operations drawn {Drawn}, attempted {Attempted}, accepted {Accepted}, refused {Refused}, Unavailable {Unavailable}, failed otherwise {Failed}");
            b.AppendLine(CultureInfo.InvariantCulture, $"sends {Sends}; live deliveries checked {Deliveries}; history answers {HistoryAnswers} ({HistoryMessages} messages); final read {FinalMessages} messages");
            b.AppendLine(CultureInfo.InvariantCulture, $"reconnects {Reconnects} ({MovedToOtherNode} to the other node); traffic {TrafficSeconds:F1} s, total {TotalSeconds:F1} s; load average {LoadAverage}");
            foreach (var f in Faults)
                b.AppendLine(CultureInfo.InvariantCulture, $"  {f.Name}: lasted {F(f.LastedSeconds)} s, first success {F(f.FirstSuccessSeconds)} s after; in its window {f.Attempted} calls: {f.Accepted} accepted, {f.Refused} refused, {f.Unavailable} Unavailable, {f.Failed} failed");
            b.AppendLine(CultureInfo.InvariantCulture, $"judged by the committed record: {CommittedChecked} (message, person) pairs; the model disagreed {ModelDisagreements} times; " +
                $"changes of unknown outcome committed after the bench read the session back: {LateCommits}; committed changes missing from the audit trail: {UnrecordedChanges}; sessions not judged: {UnjudgedSessions}");
            b.AppendLine(CultureInfo.InvariantCulture, $"acknowledged-and-lost {Lost}, duplicates {Duplicates}, leaks {Leaks}{(CheckedTooLittle ? "; FAIL: checked too little" : "")}");
            foreach (var c in Cases) b.AppendLine("  " + c);
            return b.ToString();
        }
    }

    private static string F(double? seconds) => seconds is { } s ? s.ToString("F1", CultureInfo.InvariantCulture) : "—";
}

/// <summary>Writes a chaos run into its own section of docs/benchmarks.md, between two markers (replaced on every run).</summary>
internal static class ChaosReport
{
    private const string Begin = "<!-- chaos:begin -->";
    private const string End = "<!-- chaos:end -->";

    public static string LoadAverage()
    {
        try
        {
            return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    public static async Task WriteMarkdownAsync(ChaosResult r, string page)
    {
        ArgumentNullException.ThrowIfNull(r);
        var b = new StringBuilder();
        b.AppendLine(Begin);
        b.AppendLine("## Chaos: faults during randomized mediation traffic");
        b.AppendLine();
        b.AppendLine(CultureInfo.InvariantCulture, $"`dotnet run -c Release --project bench/CaucusRooms.Bench -- chaos --sessions {r.Options.Sessions} --operations {r.Options.Operations} --workers {r.Options.Workers} --seed {r.Options.Seed} --markdown docs/benchmarks.md`");
        b.AppendLine();
        b.AppendLine(CultureInfo.InvariantCulture, $"Two CaucusRooms nodes (child processes) on one redis-server with the append-only file fsynced on every write and `noeviction`, as `deploy/redis.conf`; {r.Options.Sessions} sessions ({r.ThreeSidedSessions} with three sides, the rest two), {r.People} people, each with two tabs, one on each node. {r.Options.Workers} workers run randomized operations: admits, moves, locks and unlocks, removals, sends (some to rooms the sender may not write in now, some to other sessions' rooms), history resumes, tabs stopped and reopened. A tab whose node died connects to the other node and resumes its rooms' history, as the real client does. Every live delivery and every history answer is judged by the readers rule on what the server committed: each session's audit trail, replayed, says where everyone was when the message was stamped (both under the session's lock), after the trail itself was checked against the mediator's calls and the session's final state; at the end a mediator reads every room's whole history. Load average at the end: {r.LoadAverage} (2 cores, shared with other engineers' builds and tests).");
        b.AppendLine();
        b.AppendLine("| Figure | Value |");
        b.AppendLine("| --- | --- |");
        b.AppendLine(CultureInfo.InvariantCulture, $"| Operations attempted (the run draws until {r.Options.Operations:N0} were) / drawn (the rest found no open tab or drew their own session as \"another\") | {r.Attempted:N0} / {r.Drawn:N0} |");
        b.AppendLine(CultureInfo.InvariantCulture, $"| accepted / refused / `Unavailable` / failed otherwise | {r.Accepted:N0} / {r.Refused:N0} / {r.Unavailable:N0} / {r.Failed:N0} |");
        b.AppendLine(CultureInfo.InvariantCulture, $"| Sends | {r.Sends:N0} |");
        b.AppendLine(CultureInfo.InvariantCulture, $"| Live deliveries checked | {r.Deliveries:N0} |");
        b.AppendLine(CultureInfo.InvariantCulture, $"| History answers checked (messages) | {r.HistoryAnswers:N0} ({r.HistoryMessages:N0}) |");
        b.AppendLine(CultureInfo.InvariantCulture, $"| Final history read as mediator (messages) | {r.FinalMessages:N0} |");
        b.AppendLine(CultureInfo.InvariantCulture, $"| Reconnects (to the other node) | {r.Reconnects:N0} ({r.MovedToOtherNode:N0}) |");
        b.AppendLine(CultureInfo.InvariantCulture, $"| Traffic time / whole run | {r.TrafficSeconds:F1} s / {r.TotalSeconds:F1} s |");
        b.AppendLine(CultureInfo.InvariantCulture, $"| (message, person) pairs judged by the committed record | {r.CommittedChecked:N0} |");
        b.AppendLine(CultureInfo.InvariantCulture, $"| Deliveries the bench's own model could not place (judged by the record) / changes of unknown outcome committed after the bench read the session back / committed changes missing from the audit trail | {r.ModelDisagreements:N0} / {r.LateCommits:N0} / {r.UnrecordedChanges:N0} |");
        b.AppendLine(CultureInfo.InvariantCulture, $"| **Acknowledged-and-lost / duplicates / leaks** | **{r.Lost} / {r.Duplicates} / {r.Leaks}** |");
        b.AppendLine();
        b.AppendLine("| Fault | Lasted | First successful call after recovery | Calls in its window: attempted / accepted / refused / `Unavailable` / failed |");
        b.AppendLine("| --- | --- | --- | --- |");
        foreach (var f in r.Faults)
            b.AppendLine(CultureInfo.InvariantCulture, $"| {f.Name} | {S(f.LastedSeconds)} | {S(f.FirstSuccessSeconds)} | {f.Attempted:N0} / {f.Accepted:N0} / {f.Refused:N0} / {f.Unavailable:N0} / {f.Failed:N0} |");
        b.AppendLine();
        b.AppendLine("The faults come at 15 %, 45 % and 70 % of the operations, each at least a tenth of them after the last one ended, and the traffic goes on past its operations until every fault was followed by a successful call. A fault's window runs from its injection to the first successful call started after it was over. A run fails (exit 2) on any loss, duplicate or leak, and (exit 1) when it checked too little: fewer than 90 % of its operations attempted, fewer live deliveries than a quarter of its operations, fewer history answers than a fiftieth, fewer pairs judged by the committed record than an eighth of the deliveries, a session whose trail could not be read or does not end where the session is, or a fault never recovered from.");
        b.AppendLine(End);

        var text = File.Exists(page) ? await File.ReadAllTextAsync(page) : "";
        var start = text.IndexOf(Begin, StringComparison.Ordinal);
        var stop = text.IndexOf(End, StringComparison.Ordinal);
        text = start >= 0 && stop > start
            ? text[..start] + b.ToString().TrimEnd('\n') + text[(stop + End.Length)..]
            : text.TrimEnd('\n') + "\n\n" + b;
        await File.WriteAllTextAsync(page, text);
    }

    private static string S(double? seconds) => seconds is { } s ? s.ToString("F1", CultureInfo.InvariantCulture) + " s" : "—";
}
