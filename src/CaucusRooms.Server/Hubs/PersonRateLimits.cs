using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using Microsoft.Extensions.Options;

namespace CaucusRooms.Server.Hubs;

/// <summary>
/// One token bucket per person of a session, shared by all their connections on this node, for the calls that
/// write (sends, asks, consent). Buckets of people who stopped calling are dropped once idle, so the state stays as
/// small as the number of people active now.
/// </summary>
internal sealed class PersonRateLimits(IOptions<PersonLimitOptions> options, TimeProvider clock) : IDisposable
{
    /// <summary>The hub methods counted per person.</summary>
    public static readonly IReadOnlySet<string> Counted = new HashSet<string>(StringComparer.Ordinal)
    {
        nameof(ISessionHub.SendMessage), nameof(ISessionHub.AskForMediator), nameof(ISessionHub.AskForConsent),
        nameof(ISessionHub.SetShareable), nameof(ISessionHub.ProposeSummary), nameof(ISessionHub.RelaySharedItem),
    };

    private readonly TokenBuckets<(SessionId, ParticipantId)> _buckets = new(options.Value, clock);

    /// <summary>True when this person may make one more counted call now.</summary>
    public bool TryAcquire(SessionId session, ParticipantId person) => _buckets.TryTake((session, person));

    public void Dispose() => _buckets.Dispose();
}
