using Xunit.Abstractions;

namespace CaucusRooms.Domain.Tests;

/// <summary>
/// Random sequences of operations by random actors — parties trying mediator operations,
/// mediators placing people into another side's caucus, admits before the agreement,
/// operations on removed people and unknown ids — with PRODUCT.md's invariants checked
/// after every single step. The seed is printed; set CAUCUS_SEED to replay a run.
/// </summary>
public sealed class MembershipPropertyTests(ITestOutputHelper output)
{
    private const int Sessions = 400;
    private const int OperationsPerSession = 60;

    [Fact]
    public void InvariantsHoldAfterEveryStepOfRandomOperationSequences()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("CAUCUS_SEED"), out var fixedSeed) ? fixedSeed : Environment.TickCount;
        output.WriteLine($"seed {seed} (replay with CAUCUS_SEED={seed})");
        var random = new Random(seed);
        var operations = 0;
        var accepted = 0;
        var messages = 0;
        var relays = 0;

        for (var n = 0; n < Sessions; n++)
        {
            var walk = new RandomWalk(random, sideCount: random.Next(2, 5), peopled: n % 2 == 0);
            var sentBefore = messages;
            for (var i = 0; i < OperationsPerSession; i++)
            {
                var step = walk.Step();
                operations++;
                messages = walk.Messages.Count + sentBefore;
                if (step.Outcome.IsAccepted) accepted++;
                if (step.Kind == OperationKind.Relay && step.Outcome.IsAccepted) relays++;
                try
                {
                    SessionInvariants.HoldAfter(step);
                }
                catch (Exception e)
                {
                    throw new InvalidOperationException($"seed {seed}, session {n}, step {i}: {step.Description} -> {step.Outcome}\n{string.Join('\n', walk.History.TakeLast(15))}", e);
                }
            }
        }

        output.WriteLine($"{operations} random operations over {Sessions} sessions, {accepted} accepted, {operations - accepted} refused, {messages} messages sent, {relays} relays accepted");
        Assert.True(operations >= 10_000, $"only {operations} operations ran");
        // A walk that only ever gets refused proves little: make sure both kinds are well exercised.
        Assert.InRange(accepted, operations / 5, operations * 4 / 5);
        Assert.True(relays >= 50, $"only {relays} relays were accepted: consent to share was barely exercised");
        Assert.True(messages >= 5_000, $"only {messages} messages were sent");
    }
}

/// <summary>One operation of a random walk, with the state before and after it.</summary>
internal sealed record Step(
    string Description,
    OperationKind Kind,
    ParticipantId Actor,
    ParticipantId? Target,
    RoomId? Room,
    SessionSnapshot Before,
    MediationSession After,
    Outcome Outcome,
    IReadOnlyList<SentMessage> Messages,
    ConsentStep? Consent = null);

/// <summary>The consent half of a step: the item it is about, and for a relay the room and the digest of the words relayed.</summary>
internal sealed record ConsentStep(CaucusItem Item, bool Approve, RoomId? To, string? RelayedDigest, CaucusItem? Summarized);

internal enum OperationKind { Invite, AcceptAgreement, Admit, Move, Lock, Unlock, Remove, AskForMediator, Close, AskForConsent, ProposeSummary, DecideConsent, Relay }
