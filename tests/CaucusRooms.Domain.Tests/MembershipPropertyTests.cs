using CsCheck;
using Xunit.Abstractions;

namespace CaucusRooms.Domain.Tests;

/// <summary>
/// Random sequences of operations by random actors — parties trying mediator operations,
/// mediators placing people into another side's caucus, admits before the agreement,
/// operations on removed people and unknown ids — with PRODUCT.md's invariants checked
/// after every single step. The walks are CsCheck samples: a failure is shrunk to the shortest
/// sequence that still breaks the rule and printed step by step, with the seed that replays it
/// (set CAUCUS_SEED).
/// </summary>
public sealed class MembershipPropertyTests(ITestOutputHelper output)
{
    private const int Sessions = 500;

    /// <summary>As long as a mediation's day, and short enough that few walks end in a closed session.</summary>
    private const int MaxSteps = 60;

    /// <summary>A session: how many sides, whether its parties are already in, and the walk's choices.</summary>
    private static readonly Gen<(int Sides, bool Peopled, int[] Choices)> Walks =
        Gen.Select(Gen.Int[2, 4], Gen.Bool, Gen.Int[0, 99_999].Array[1, 1_500]);

    [Fact]
    public void InvariantsHoldAfterEveryStepOfRandomOperationSequences()
    {
        var tally = new Tally();
        Walks.Sample(
            walk => Run(walk, step =>
            {
                tally.Count(step);
                SessionInvariants.HoldAfter(step);
            }),
            seed: Seed(), iter: Sessions, threads: 1, print: Replay);

        output.WriteLine($"{tally.Operations} random operations over {Sessions} sessions, {tally.Accepted} accepted, {tally.Operations - tally.Accepted} refused, {tally.Messages} messages sent, {tally.Relays} relays accepted");
        Assert.True(tally.Operations >= 10_000, $"only {tally.Operations} operations ran");
        // A walk that only ever gets refused proves little: make sure both kinds are well exercised.
        Assert.InRange(tally.Accepted, tally.Operations / 5, tally.Operations * 4 / 5);
        Assert.True(tally.Relays >= 50, $"only {tally.Relays} relays were accepted: consent to share was barely exercised");
        Assert.True(tally.Messages >= 5_000, $"only {tally.Messages} messages were sent");
    }

    /// <summary>
    /// The shrinking itself, on a rule the domain does not have ("nobody is ever locked"): of the
    /// walks that break it, CsCheck reports one of at most two steps (a mediator locking someone
    /// already admitted), however long the walk that first broke it.
    /// </summary>
    [Fact]
    public void AFailingWalkIsShrunkToAFewSteps()
    {
        var (first, shortest) = (0, int.MaxValue);
        var failure = Assert.Throws<CsCheckException>(() => Walks.Sample(
            walk =>
            {
                var steps = 0;
                Run(walk, step =>
                {
                    steps++;
                    if (step.After.People.Any(p => p.IsLocked))
                    {
                        if (first == 0) first = steps;
                        shortest = Math.Min(shortest, steps);
                        throw new InvalidOperationException("someone is locked");
                    }
                });
            },
            seed: Seed(), iter: 2_000, threads: 1, print: Replay));

        output.WriteLine($"first failing walk: {first} steps; shrunk to {shortest}\n{failure.Message}");
        Assert.InRange(shortest, 1, 2);
        Assert.Contains("Lock", failure.Message, StringComparison.Ordinal);
    }

    private static string? Seed() => Environment.GetEnvironmentVariable("CAUCUS_SEED") is { Length: > 0 } seed ? seed : null;

    /// <summary>Walks one generated session to the end of its choices (at most <see cref="MaxSteps"/>), handing every step to <paramref name="check"/>.</summary>
    private static RandomWalk Run((int Sides, bool Peopled, int[] Choices) walk, Action<Step> check)
    {
        var choices = new Choices(walk.Choices);
        var random = new RandomWalk(choices, walk.Sides, walk.Peopled);
        for (var i = 0; i < MaxSteps && !choices.UsedUp; i++)
        {
            var step = random.Step();
            try
            {
                check(step);
            }
            catch (Exception e) when (e is not CsCheckException)
            {
                throw new InvalidOperationException($"step {i}: {step.Description} -> {step.Outcome}", e);
            }
        }
        return random;
    }

    /// <summary>A generated session as the steps it walks (the same choices walk the same way).</summary>
    private static string Replay((int Sides, bool Peopled, int[] Choices) walk)
    {
        RandomWalk? random = null;
        try
        {
            random = Run(walk, _ => { });
        }
        catch (InvalidOperationException)
        {
        }
        var steps = random?.History ?? [];
        return $"{walk.Sides} sides, {(walk.Peopled ? "parties in their caucuses" : "nobody in yet")}, {steps.Count} steps:\n  " + string.Join("\n  ", steps);
    }

    private sealed class Tally
    {
        public int Operations { get; private set; }
        public int Accepted { get; private set; }
        public int Messages { get; private set; }
        public int Relays { get; private set; }

        private IReadOnlyList<SentMessage>? _lastWalk;
        private int _lastWalkMessages;

        public void Count(Step step)
        {
            Operations++;
            if (step.Outcome.IsAccepted) Accepted++;
            if (step.Kind == OperationKind.Relay && step.Outcome.IsAccepted) Relays++;
            // Messages of one walk accumulate in one list: count what this step added.
            if (!ReferenceEquals(step.Messages, _lastWalk)) (_lastWalk, _lastWalkMessages) = (step.Messages, 0);
            Messages += step.Messages.Count - _lastWalkMessages;
            _lastWalkMessages = step.Messages.Count;
        }
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
