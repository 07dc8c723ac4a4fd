namespace CaucusRooms.Bench.Reporting;

internal sealed record MachineInfo(int Cores, double MemoryGiB, string Os, string Runtime, string LoadAverageBefore, string LoadAverageAfter);

internal sealed record LatencyFigures(double P50Ms, double P95Ms, double P99Ms, double MaxMs);

/// <summary>A hub method's calls in one phase: how many, their mean and 99th-percentile time inside the server (ms).</summary>
internal sealed record MethodFigure(long Calls, double MeanMs, double? P99Ms = null);

/// <summary>
/// One phase of one target. Server figures are null when the server is not ours to read (a URL).
/// <c>HeapAfterGcMiB</c> is the servers' managed heap after the phase drained and a full, compacting GC: what the phase left behind.
/// </summary>
internal sealed record PhaseResult(
    string Name, double RatePerPerson, int Connections, double OfferedPerSecond, double Seconds,
    long Sent, long Accepted, long Refused, long Failed, long Skipped, long Delivered, long Missed,
    double SentPerSecond, double DeliveredPerSecond, LatencyFigures Latency,
    long MovesAccepted, long MovesRefused, long MovesFailed,
    double? ServerCpuCores, double? ServerWorkingSetMiB, double? ServerHeapMiB, double? AllocatedBytesPerDelivery,
    double? GcPausePercent, long? LockContentions, double ClientCpuCores,
    IReadOnlyDictionary<string, MethodFigure>? ServerMethods, bool WithinLimit, double? HeapAfterGcMiB = null);

/// <summary>Memory added by idle connections (all admitted, nothing sent), after a full GC.</summary>
internal sealed record IdleMemory(int Connections, double HeapBytesPerConnection, double WorkingSetBytesPerConnection,
    long HeapBefore, long HeapAfter, long WorkingSetBefore, long WorkingSetAfter);

/// <summary>
/// The history resumes of one target: <c>GetHistory</c> answers the oracle judged and the messages in them, calls
/// refused (moved out of the room again meanwhile) and calls that failed. Null for the baseline (no history, no readers rule).
/// </summary>
internal sealed record HistoryFigures(long Answers, long MessagesChecked, long Refused, long Failed);

internal sealed record TargetResult(
    string Target, string Host, int Sessions, int Connections, double SetupSeconds, double ConnectSeconds,
    IdleMemory? Idle, PhaseResult? Steady, IReadOnlyList<PhaseResult> Sweep, PhaseResult? Saturation, bool SaturationBracketed,
    long Leaks, IReadOnlyList<string> LeakCases, long DeliveriesChecked, long Duplicates, bool Completed, string? Error,
    HistoryFigures? History = null);

internal sealed record Verdict(string Goal, string Measured, string Status);

internal sealed record BenchReport(
    DateTimeOffset At, string Mode, string Command, MachineInfo Machine, double LatencyLimitMs, int MessageChars, double MoveEverySeconds,
    IReadOnlyList<TargetResult> Targets, IReadOnlyList<Verdict> Verdicts, bool Completed, long Leaks);
