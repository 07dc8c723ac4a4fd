using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.Audit;
using CaucusRooms.Server.Connections;
using CaucusRooms.Server.Infrastructure;
using CaucusRooms.Server.Messages;
using CaucusRooms.Server.Redis;
using CaucusRooms.Server.Rooms;
using CaucusRooms.Server.SessionState;
using CaucusRooms.Server.Hubs;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CaucusRooms.Bench;

/// <summary>
/// <c>CaucusRooms.Bench micro</c>: the cost of each step CaucusRooms adds to a send and to a move, measured
/// one by one on one thread (no network), to show where the time over the raw hub goes.
/// </summary>
internal static class Micro
{
    private const int Iterations = 200_000;

    public static async Task<int> RunAsync(TextWriter output)
    {
        var at = DateTimeOffset.UtcNow;
        var mediator = ParticipantId.New();
        var session = MediationSession.Open(SessionId.New(), "Bench", ["A", "B"], "Agreement", mediator, "mediator", at).Session!;
        var people = new List<ParticipantId>();
        foreach (var (role, side) in new[] { (Role.Party, 0), (Role.Advisor, 0), (Role.Party, 1), (Role.Advisor, 1) })
        {
            var p = ParticipantId.New();
            session.Invite(mediator, p, $"person {people.Count}", role, session.Sides[side].Id, at);
            session.AcceptAgreement(p, $"person {people.Count}", session.AgreementVersion, at);
            session.Admit(mediator, p, session.JointRoom.Id, at);
            people.Add(p);
        }
        var party = people[0];
        var joint = session.JointRoom.Id;
        var stored = new StoredSession(session.ToSnapshot(), new Dictionary<string, ParticipantId> { ["account"] = mediator });
        var sessions = new InMemorySessionStore(new InMemoryAuditStore().Append);
        AuditEntryDto Entry(string kind) => new(0, at, kind, mediator.ToString(), "mediator", party.ToString(), "person 0", "Joint", "Joint", null, null);
        await sessions.CreateAsync(stored, Entry("SessionOpened"));
        using var messages = new InMemoryMessageStore();
        var locks = new SessionLocks();
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var metrics = new CaucusMetrics(services.GetRequiredService<IMeterFactory>(), TimeProvider.System);
        var registry = new ConnectionRegistry();
        // 2,000 connections on the node, as in the 2,000-connection run: 400 sessions of 5.
        for (var i = 0; i < 2000; i++)
            await registry.AddAsync(new HubConnection($"c{i}", i < 5 ? session.Id : new SessionId(Guid.NewGuid()), i < 5 ? people.Prepend(mediator).ElementAt(i) : ParticipantId.New(), null!));
        var text = new string('x', 140);
        var readers = Entitlements.Readers(session, joint);
        var counter = 0;
        // The whole in-memory send as the hub calls it, delivered through SignalR's own hub context to person groups
        // no connection is in (so the writes themselves, the raw hub's cost too, are left out). Its own store, whose hot
        // window holds the whole run, so no block is written to file mid-measurement (the append row above counts those).
        using var sendStore = new InMemoryMessageStore(maxPerRoom: 500_000, hotPerRoom: 500_000);
        var hubServices = new ServiceCollection().AddLogging();
        hubServices.AddSignalR();
        using var hub = hubServices.BuildServiceProvider();
        var delivery = new PersonGroupDelivery(new SessionHubClients(hub.GetRequiredService<IHubContext<SessionHub, ISessionClient>>(), hub.GetRequiredService<IHubContext<SessionHub>>()));
        var chat = new RoomChat(new SessionRepository(sessions, locks), null!, sendStore, delivery, metrics, TimeProvider.System);
        // What SignalR does before each call of a hub marked [Authorize]: combine the hub's policies, then authorize the caller.
        var authServices = new ServiceCollection().AddLogging();
        authServices.AddAuthorization();
        using var auth = authServices.BuildServiceProvider();
        var policies = auth.GetRequiredService<IAuthorizationPolicyProvider>();
        var authorization = auth.GetRequiredService<IAuthorizationService>();
        IAuthorizeData[] hubAuthorize = [new AuthorizeAttribute()];
        var signedIn = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity([new System.Security.Claims.Claim("sub", "x")], "cookie"));
        // A bucket no iteration empties, so every call is a granted lease.
        var noLimit = new PersonLimitOptions { PermitsPerSecond = 100_000, Burst = 100_000 };
        using var personLimits = new PersonRateLimits(Options.Create(noLimit), TimeProvider.System);
        // The per-connection buckets as the hub had them before (the framework's partitioned limiter: one lock for every key
        // on each call) and as it has them now, each called from two threads at once over 2,000 connection ids.
        var connectionIds = Enumerable.Range(0, 2000).Select(i => $"connection-{i}").ToArray();
        Func<string, RateLimiter> bucketFactory = _ => new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = noLimit.Burst,
            TokensPerPeriod = noLimit.PermitsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = false,
        });
        using var partitioned = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.Get(key, bucketFactory));
        using var buckets = new TokenBuckets<string>(noLimit, TimeProvider.System);
        // A message's secret as the Redis store seals it (its JSON with five readers), bound to room, sender and id.
        var sealingBytes = RandomNumberGenerator.GetBytes(32);
        using var sealingKey = new SealingKey(RandomNumberGenerator.GetBytes(32));
        var secret = Encoding.UTF8.GetBytes(RedisJson.Write(new { text, senderName = "person 0", clientMessageId = "m1", readers = people.Select(p => p.Value).Prepend(mediator.Value) }));
        var (nonce, tag, sealedSecret) = (new byte[12], new byte[16], new byte[secret.Length]);
        var context = $"{joint}|{party}|{Guid.NewGuid():N}";
        var sealedOnce = Sealing.SealBytes(sealingKey, secret, context);

        var rows = new List<(string Step, double Ns, double Bytes)>
        {
            await Measure("SessionLocks.AcquireAsync + release (uncontended)", async () => { using var _ = await locks.AcquireAsync(session.Id); }),
            await Measure("store.GetAsync + MediationSession.FromSnapshot (every send)", async () => MediationSession.FromSnapshot((await sessions.GetAsync(session.Id))!.Snapshot)),
            await Measure("messages.FindAsync (idempotency, global lock)", async () => await messages.FindAsync(joint, party, "m" + counter.ToString(CultureInfo.InvariantCulture))),
            await Measure("Entitlements.Readers (fixed at every send)", () => { Entitlements.Readers(session, joint); return Task.CompletedTask; }),
            await Measure("Entitlements.MayWrite", () => { Entitlements.MayWrite(session, party, joint); return Task.CompletedTask; }),
            await Measure("messages.AppendAsync (global lock, history kept)", async () => await messages.AppendAsync(session.Id, joint, party, "person 0", "m" + (counter++).ToString(CultureInfo.InvariantCulture), text, at, readers)),
            await Measure("RoomChat.ToDto", () => { RoomChat.ToDto(new StoredMessage(Guid.NewGuid(), session.Id, joint, 1, party, "person 0", "m", text, at, readers)); return Task.CompletedTask; }),
            await Measure("metrics.MessageSent (no exporter listening)", () => { metrics.MessageSent(session.FindRoom(joint)!.Kind.ToString(), 1.0); return Task.CompletedTask; }),
            await Measure("RoomChat.SendAsync, whole (lock, key, MayWrite, readers, append, ToDto, SignalR to person groups, metrics)", async () =>
                await chat.SendAsync(session.Id, party, joint, "s" + (counter++).ToString(CultureInfo.InvariantCulture), text, CancellationToken.None)),
            await Measure("SignalR's per-call [Authorize] check (combine the hub's policy, AuthorizeAsync)", async () =>
                await authorization.AuthorizeAsync(signedIn, null, (await AuthorizationPolicy.CombineAsync(policies, hubAuthorize))!)),
            await Measure("PersonRateLimits.TryAcquire (a token bucket per person)", () => { personLimits.TryAcquire(session.Id, people[counter++ % people.Count]); return Task.CompletedTask; }),
            Contended("hub call limit per connection, before: PartitionedRateLimiter.AttemptAcquire (2 threads, 2,000 ids)", i =>
            {
                using var lease = partitioned.AttemptAcquire(connectionIds[i % connectionIds.Length]);
                return lease.IsAcquired;
            }),
            Contended("hub call limit per connection: TokenBuckets.TryTake (2 threads, 2,000 ids)", i => buckets.TryTake(connectionIds[i % connectionIds.Length])),
            await Measure("Redis: seal a message (one AesGcm made per call, as before)", () =>
            {
                using var aes = new AesGcm(sealingBytes, Sealing.TagBytes);
                aes.Encrypt(nonce, secret, sealedSecret, tag, Encoding.UTF8.GetBytes(context));
                return Task.CompletedTask;
            }),
            await Measure("Redis: Sealing.SealBytes (the session key's ciphers reused)", () => { Sealing.SealBytes(sealingKey, secret, context); return Task.CompletedTask; }),
            await Measure("Redis: Sealing.OpenBytes (the session key's ciphers reused)", () => { Sealing.OpenBytes(sealingKey, sealedOnce, context); return Task.CompletedTask; }),
            await Measure("moves: ConnectionRegistry.InSessionAsync (a scan of 2,000)", async () => await registry.InSessionAsync(session.Id)),
            await Measure("moves: OnlineAsync (a scan of 2,000) + SessionViews.ToView", async () =>
            {
                var online = await registry.OnlineAsync(session.Id);
                SessionViews.ToView(session, mediator, new Dictionary<ParticipantId, int>(), online.Contains);
            }),
            await Measure("moves: ToSnapshot + TryReplaceAsync (with its audit entry)", async () => { var s = (await sessions.GetAsync(session.Id))!; await sessions.TryReplaceAsync(s with { Snapshot = session.ToSnapshot() }, s.Version, Entry("Moved")); }),
        };
        await output.WriteLineAsync("| Step | ns per call | bytes allocated per call |");
        await output.WriteLineAsync("| --- | ---: | ---: |");
        foreach (var (step, ns, bytes) in rows)
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"| {step} | {ns:0} | {bytes:0} |"));
        return 0;
    }

    /// <summary>Two threads calling <paramref name="take"/> at once: wall time per call and bytes per call (both threads).</summary>
    private static (string, double, double) Contended(string step, Func<int, bool> take)
    {
        const int perThread = Iterations;
        void Run(int offset)
        {
            for (var i = 0; i < perThread; i++)
                if (!take(offset + i)) throw new InvalidOperationException($"{step}: a call was refused; the bucket is meant never to run dry here.");
        }
        Parallel.Invoke(() => Run(0), () => Run(7));
        var bytes = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();
        Parallel.Invoke(() => Run(0), () => Run(7));
        var elapsed = Stopwatch.GetElapsedTime(started);
        return (step, elapsed.TotalNanoseconds / (2 * perThread), (GC.GetTotalAllocatedBytes(precise: true) - bytes) / (2.0 * perThread));
    }

    private static async Task<(string, double, double)> Measure(string step, Func<Task> work)
    {
        var iterations = step.StartsWith("moves:", StringComparison.Ordinal) ? Iterations / 20 : Iterations;
        for (var i = 0; i < iterations / 10; i++) await work();
        var bytes = GC.GetAllocatedBytesForCurrentThread();
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < iterations; i++) await work();
        var elapsed = Stopwatch.GetElapsedTime(started);
        return (step, elapsed.TotalNanoseconds / iterations, (GC.GetAllocatedBytesForCurrentThread() - bytes) / (double)iterations);
    }
}
