using System.Globalization;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace CaucusRooms.Bench.Reporting;

/// <summary>
/// <c>CaucusRooms.Bench alloc-summary TRACE.nettrace …</c>: what a node allocated and where, from the allocation ticks of
/// <c>dotnet-trace collect --profile gc-verbose</c> (one tick about every 100 KB allocated, with its type and stack; see
/// <c>bench/profile-pair.sh SECONDS DIR TARGET allocations</c>). Shares are of the bytes the ticks stand for: by type, and by allocating site (the
/// type and the first two frames of CaucusRooms, ASP.NET Core or StackExchange.Redis on its stack, so the runtime's and the
/// serializer's own helpers are counted where our code or the framework called them).
/// </summary>
internal static class AllocationSummary
{
    private const int Rows = 30;

    private static readonly string[] OwnersOfSites = ["CaucusRooms", "Microsoft.AspNetCore", "StackExchange.Redis"];

    public static async Task<int> RunAsync(IReadOnlyList<string> files, TextWriter output)
    {
        if (files.Count == 0)
        {
            await output.WriteLineAsync("alloc-summary FILE.nettrace …");
            return 64;
        }
        var byType = new Dictionary<string, long>(StringComparer.Ordinal);
        var bySite = new Dictionary<string, long>(StringComparer.Ordinal);
        long total = 0;
        foreach (var file in files)
        {
            using var log = TraceLog.OpenOrConvert(TraceLog.CreateFromEventPipeDataFile(file));
            foreach (var e in log.Events)
            {
                if (e is not GCAllocationTickTraceData tick) continue;
                var bytes = tick.AllocationAmount64;
                var type = tick.TypeName ?? "?";
                total += bytes;
                Add(byType, Cell(type), bytes);
                Add(bySite, $"{Cell(type)} | {Cell(SiteOf(e.CallStack()))}", bytes);
            }
        }
        if (total == 0)
        {
            await output.WriteLineAsync("No allocation ticks in these traces (were they collected with --profile gc-verbose?).");
            return 1;
        }
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Allocated about {total / 1e6:0.0} MB over {files.Count} trace(s) (allocation ticks)."));
        await Table(output, "Type", byType, total);
        await Table(output, "Type | Allocating site", bySite, total);
        return 0;
    }

    private static string SiteOf(TraceCallStack? stack)
    {
        var frames = new List<string>(2);
        for (var s = stack; s is not null && frames.Count < 2; s = s.Caller)
        {
            var name = s.CodeAddress.FullMethodName;
            if (!string.IsNullOrEmpty(name) && OwnersOfSites.Any(o => name.StartsWith(o, StringComparison.Ordinal))) frames.Add(Short(name));
        }
        return frames.Count == 0 ? "(runtime only)" : string.Join(" < ", frames);
    }

    // The method without its parameter list: the stacks name every parameter's type.
    private static string Short(string method) => method.IndexOf('(', StringComparison.Ordinal) is var open and > 0 ? method[..open] : method;

    // A table cell: code, with the pipes some generated names hold (`<<Invoke>g__ExecuteInvocation|22_0>`) escaped.
    private static string Cell(string name) => $"`{name.Replace("|", "\\|", StringComparison.Ordinal)}`";

    private static void Add(Dictionary<string, long> into, string key, long bytes) => into[key] = into.GetValueOrDefault(key) + bytes;

    private static async Task Table(TextWriter output, string heading, Dictionary<string, long> shares, long total)
    {
        await output.WriteLineAsync();
        await output.WriteLineAsync($"| {heading} | Share of bytes |");
        await output.WriteLineAsync(heading.Contains('|', StringComparison.Ordinal) ? "| --- | --- | ---: |" : "| --- | ---: |");
        foreach (var (key, bytes) in shares.OrderByDescending(x => x.Value).Take(Rows))
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"| {key} | {bytes * 100.0 / total:0.0} % |"));
    }
}
