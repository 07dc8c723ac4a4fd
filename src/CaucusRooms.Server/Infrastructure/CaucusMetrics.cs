using System.Diagnostics.Metrics;

namespace CaucusRooms.Server.Infrastructure;

/// <summary>
/// The service's figures, on the Meter named "CaucusRooms". Tags carry kinds and reasons only:
/// never a name, a title, an id of a person or a word of a message (invariant 9).
/// </summary>
internal sealed class CaucusMetrics : IDisposable
{
    public const string MeterName = "CaucusRooms";

    private readonly Meter _meter;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _messages;
    private readonly Counter<long> _signals;

    public CaucusMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _meter = meters.Create(MeterName);
        _refused = _meter.CreateCounter<long>("caucus.operations.refused", description: "Operations refused, by operation and reason.");
        _messages = _meter.CreateCounter<long>("caucus.messages.sent", description: "Messages stored and delivered, by room kind.");
        _signals = _meter.CreateCounter<long>("caucus.signals.relayed", description: "WebRTC signaling messages relayed between two people in the same room.");
    }

    public Meter Meter => _meter;

    public void Refused(string operation, string reason) =>
        _refused.Add(1, new KeyValuePair<string, object?>("operation", operation), new KeyValuePair<string, object?>("reason", reason));

    public void MessageSent(string roomKind) => _messages.Add(1, new KeyValuePair<string, object?>("room.kind", roomKind));

    public void SignalRelayed() => _signals.Add(1);

    public void Dispose() => _meter.Dispose();
}
