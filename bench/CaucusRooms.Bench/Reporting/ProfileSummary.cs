using System.Globalization;
using System.Text.Json;

namespace CaucusRooms.Bench.Reporting;

/// <summary>
/// <c>CaucusRooms.Bench profile-summary TRACE.speedscope.json …</c>: where a node's time went, from the speedscope files
/// <c>dotnet-trace collect --profile dotnet-sampled-thread-time --format Speedscope</c> writes (see <c>bench/profile-pair.sh</c>).
/// The sampler puts a pseudo-frame on top of each sample: <c>CPU_TIME</c> (running managed code) or
/// <c>UNMANAGED_CODE_TIME</c> (native code: a socket write, OpenSSL — or a wait). Waits are told apart by the managed
/// frame under them (a semaphore, a wait handle, the socket engine's epoll loop, a sleep); what is left is the time
/// the threads worked. Each frame's share is of that working time: inclusive (the frame anywhere on the stack) and
/// self (the frame right under the pseudo-frame), and per area (CaucusRooms, SignalR, Kestrel, StackExchange.Redis, …).
/// </summary>
internal static class ProfileSummary
{
    private static readonly string[] WaitFrames =
    [
        "LowLevelLifoSemaphore.Wait", "WaitHandle.Wait", "ManualResetEventSlim.Wait", "SocketAsyncEngine.EventLoop", "Thread.Sleep",
        "Monitor.Wait", "SemaphoreSlim.Wait", "Thread.Join", "TimerQueue", "PortableThreadPool+GateThread", "WaitSubsystem", "SpinWait.SpinOnce",
        "Heartbeat.TimerLoop", "LowLevelLock", "Interop+Sys.WaitForSocketEvents", "ReadBlock", "Console", "StreamReader.ReadLine",
        // A pool thread parked in native code, and the child's read of its stdin (the bench's stop signal).
        "WorkerThread.WorkerThreadStart", "Interop+Sys.Read",
    ];

    public static async Task<int> RunAsync(IReadOnlyList<string> files, TextWriter output)
    {
        if (files.Count == 0)
        {
            await output.WriteLineAsync("profile-summary FILE.speedscope.json …");
            return 64;
        }
        var self = new Dictionary<string, double>(StringComparer.Ordinal);
        var inclusive = new Dictionary<string, double>(StringComparer.Ordinal);
        var areas = new Dictionary<string, double>(StringComparer.Ordinal);
        var contended = new Dictionary<string, double>(StringComparer.Ordinal);
        double working = 0, waiting = 0;
        foreach (var file in files)
        {
            using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(file));
            var frames = json.RootElement.GetProperty("shared").GetProperty("frames").EnumerateArray().Select(f => f.GetProperty("name").GetString() ?? "?").ToArray();
            foreach (var profile in json.RootElement.GetProperty("profiles").EnumerateArray())
            {
                var stack = new List<int>();
                double? last = null;
                foreach (var e in profile.GetProperty("events").EnumerateArray())
                {
                    var at = e.GetProperty("at").GetDouble();
                    if (last is { } from && stack.Count >= 2)
                    {
                        var span = at - from;
                        var top = frames[stack[^1]];
                        var under = stack.Take(stack.Count - 1).Select(i => frames[i]).ToList();
                        if (top == "CPU_TIME" || (top == "UNMANAGED_CODE_TIME" && !under.Any(IsWait)))
                        {
                            working += span;
                            Add(self, Short(under[^1]), span);
                            foreach (var name in under.Select(Short).Distinct(StringComparer.Ordinal)) Add(inclusive, name, span);
                            Add(areas, AreaOf(under), span);
                            if (under[^1].Contains("Monitor.", StringComparison.Ordinal) || under[^1].Contains("SpinWait", StringComparison.Ordinal))
                                Add(contended, Short(under.LastOrDefault(f => !f.Contains("System.Private.CoreLib", StringComparison.Ordinal)) ?? under[^1]), span);
                        }
                        else
                        {
                            waiting += span;
                        }
                    }
                    var frame = e.GetProperty("frame").GetInt32();
                    if (e.GetProperty("type").GetString() == "O") stack.Add(frame);
                    else if (stack.Count > 0) stack.RemoveAt(stack.Count - 1);
                    last = at;
                }
            }
        }
        var c = CultureInfo.InvariantCulture;
        await output.WriteLineAsync(string.Create(c, $"Working thread time {working / 1000:F1} s (waiting {waiting / 1000:F1} s) over {files.Count} trace(s)."));
        await TableAsync(output, "Area (the innermost frame of ours or a library's)", "Share of working time", areas, 12, working, quoted: false);
        await TableAsync(output, "CaucusRooms frame", "Inclusive",
            inclusive.Where(i => i.Key.StartsWith("CaucusRooms.Server", StringComparison.Ordinal)), 25, working);
        await TableAsync(output, "Frame (self)", "Self", self, 25, working);
        await TableAsync(output, "Spinning on a lock, under", "Self", contended, 8, working);
        return 0;
    }

    /// <summary>One markdown table: the <paramref name="top"/> largest entries, each as its share of the working time.</summary>
    private static async Task TableAsync(TextWriter output, string what, string share, IEnumerable<KeyValuePair<string, double>> totals, int top, double working, bool quoted = true)
    {
        await output.WriteLineAsync();
        await output.WriteLineAsync($"| {what} | {share} |");
        await output.WriteLineAsync("| --- | ---: |");
        foreach (var (name, t) in totals.OrderByDescending(i => i.Value).Take(top))
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"| {(quoted ? $"`{name}`" : name)} | {t / working * 100:F1} % |"));
    }

    private static bool IsWait(string frame) => WaitFrames.Any(w => frame.Contains(w, StringComparison.Ordinal));

    /// <summary>The area of the innermost frame that belongs to a known part (ours first).</summary>
    private static string AreaOf(List<string> stack)
    {
        for (var i = stack.Count - 1; i >= 0; i--)
        {
            var module = stack[i].Split('!')[0];
            if (module.StartsWith("CaucusRooms", StringComparison.Ordinal)) return "CaucusRooms (" + Namespace(stack[i]) + ")";
            if (module.StartsWith("Microsoft.AspNetCore.SignalR", StringComparison.Ordinal)) return "SignalR";
            if (module.StartsWith("Microsoft.AspNetCore.Server.Kestrel", StringComparison.Ordinal) || module.StartsWith("Microsoft.AspNetCore.Http", StringComparison.Ordinal)) return "Kestrel / HTTP";
            if (module.StartsWith("StackExchange.Redis", StringComparison.Ordinal)) return "StackExchange.Redis";
            if (module.StartsWith("System.Text.Json", StringComparison.Ordinal)) return "System.Text.Json";
            if (module.StartsWith("System.Security.Cryptography", StringComparison.Ordinal)) return "Cryptography";
            if (module.StartsWith("System.IO.Pipelines", StringComparison.Ordinal) || module.StartsWith("System.Net", StringComparison.Ordinal)) return "Sockets and pipes";
        }
        return "Runtime (thread pool, tasks, collections)";
    }

    private static string Namespace(string frame)
    {
        var name = frame.Split('!').ElementAtOrDefault(1) ?? frame;
        var parts = name.Split('.');
        return parts.Length > 2 ? parts[2] : name;
    }

    /// <summary>A frame's name without its module and argument list (async state machines keep their method name).</summary>
    private static string Short(string frame)
    {
        var name = frame.Contains('!', StringComparison.Ordinal) ? frame[(frame.IndexOf('!', StringComparison.Ordinal) + 1)..] : frame;
        var paren = name.IndexOf('(', StringComparison.Ordinal);
        return paren > 0 ? name[..paren] : name;
    }

    private static void Add(Dictionary<string, double> totals, string key, double value) =>
        totals[key] = totals.GetValueOrDefault(key) + value;
}
