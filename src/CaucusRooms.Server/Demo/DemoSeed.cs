using System.Security.Cryptography;
using CaucusRooms.Contracts;
using CaucusRooms.Domain;
using CaucusRooms.Server.Accounts;
using CaucusRooms.Server.Invites;
using CaucusRooms.Server.Sessions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CaucusRooms.Server.Demo;

/// <summary>
/// <c>--demo</c>: once the server listens, opens a ready session with two sides, a demo mediator
/// account and one invited party per side, and prints the sign-in and both invite links, so a
/// newcomer can run a caucus in three browser windows within a minute.
/// </summary>
internal static class DemoSeedRegistration
{
    public const string Switch = "--demo";

    public static IServiceCollection AddDemoSeed(this IServiceCollection services) => services.AddHostedService<DemoSeed>();
}

internal sealed partial class DemoSeed(
    IServer server,
    IHostApplicationLifetime lifetime,
    IAccountStore accounts,
    IPasswordHasher<Account> hasher,
    ChangePipeline changes,
    TimeProvider clock,
    IInviteStore invites,
    IOptions<MediationOptions> mediation,
    IOptions<InviteOptions> inviteOptions,
    ILogger<DemoSeed> logger) : IHostedService
{
    public const string MediatorUserName = "demo-mediator";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // The links need the address the server actually listens on, known only once it started.
        lifetime.ApplicationStarted.Register(() => _ = Task.Run(SeedAsync, CancellationToken.None));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task SeedAsync()
    {
        try
        {
            var baseUrl = BaseUrl();
            var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', 'x').Replace('/', 'y');
            var account = new Account(Guid.NewGuid().ToString("N"), MediatorUserName, "", AccountRoles.Mediator);
            if (!await accounts.TryAddAsync(account with { PasswordHash = hasher.HashPassword(account, password) }))
            {
                Console.WriteLine($"CaucusRooms demo: an account '{MediatorUserName}' exists already; no demo session was opened.");
                return;
            }

            var (session, refusal) = await changes.OpenAsync(account.Id, "Morgan (mediator)",
                new CreateSessionRequest("Demo: the lease dispute", ["Tenant", "Landlord"], null), mediation.Value.DefaultAgreement, CancellationToken.None);
            if (session is null) throw new InvalidOperationException(refusal?.Message);

            var tenant = await InviteAsync(session, "Avery", "Tenant");
            var landlord = await InviteAsync(session, "Blake", "Landlord");
            // A browser keeps one sign-in per host: the second party's link uses "localhost", so three
            // windows of one browser (normal, private, and normal on localhost) are three people.
            var otherHost = baseUrl.Replace("://127.0.0.1", "://localhost", StringComparison.Ordinal);
            Console.WriteLine($"""

                CaucusRooms demo session "Demo: the lease dispute" is ready (sides Tenant and Landlord).
                  Mediator  — sign in at {baseUrl}/signin as '{MediatorUserName}', password '{password}'
                  Tenant    — Avery's invite link: {baseUrl}/join#{tenant}
                  Landlord  — Blake's invite link: {otherHost}/join#{landlord}
                Each person needs a browser window with its own sign-in: for example the mediator in a normal
                window, Avery in a private window, and Blake in a normal window (the localhost link).

                """);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            DemoFailed(logger, e);
        }
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Error, Message = "The demo session could not be opened.")]
    private static partial void DemoFailed(ILogger logger, Exception error);

    private async Task<string> InviteAsync(MediationSession session, string name, string side)
    {
        var mediator = session.People.Single().Id;
        var sideId = session.Sides.Single(s => s.Name == side).Id;
        var person = ParticipantId.New();
        var outcome = await changes.ChangeAsync(session.Id, "Invite", (s, at) => s.Invite(mediator, person, name, Role.Party, sideId, at));
        if (outcome.Refusal is { } refused) throw new InvalidOperationException(refused.Message);
        var code = InviteCodes.NewCode();
        await invites.AddAsync(new Invite(InviteCodes.Hash(code), session.Id, person, clock.GetUtcNow() + inviteOptions.Value.Lifetime, IsRevoked: false, Redemptions: 0));
        return code;
    }

    private string BaseUrl()
    {
        if (inviteOptions.Value.PublicBaseUrl is { Length: > 0 } configured) return configured.TrimEnd('/');
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://127.0.0.1:5080";
        return address.Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
            .TrimEnd('/');
    }
}
