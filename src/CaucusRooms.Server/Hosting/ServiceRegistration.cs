using CaucusRooms.Contracts;
using CaucusRooms.Server.Accounts;
using CaucusRooms.Server.Admin;
using CaucusRooms.Server.Audit;
using CaucusRooms.Server.Connections;
using CaucusRooms.Server.Consent;
using CaucusRooms.Server.Documents;
using CaucusRooms.Server.Hubs;
using CaucusRooms.Server.Infrastructure;
using CaucusRooms.Server.Invites;
using CaucusRooms.Server.Messages;
using CaucusRooms.Server.Notes;
using CaucusRooms.Server.Redis;
using CaucusRooms.Server.Rooms;
using CaucusRooms.Server.SessionState;
using CaucusRooms.Server.Sessions;
using CaucusRooms.Server.Toolkit;
using CaucusRooms.Server.Video;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace CaucusRooms.Server.Hosting;

internal static class ServiceRegistration
{
    /// <summary>Hub frames are small: a 4,000-character message fits with room for JSON escaping, nothing much larger does.</summary>
    public const long MaxHubMessageBytes = 32 * 1024;

    public static IServiceCollection AddCaucusRooms(this IServiceCollection services, IConfiguration configuration, IWebHostEnvironment environment)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSettings<HostingOptions>(HostingOptions.Section);
        services.AddSingleton<IValidateOptions<HostingOptions>, HostingOptionsValidation>();
        services.AddSettings<AuthOptions>(AuthOptions.Section);
        services.AddSettings<BootstrapOptions>(BootstrapOptions.Section);
        services.AddSettings<InviteOptions>(InviteOptions.Section);
        services.AddSettings<MediationOptions>(MediationOptions.Section);
        services.AddSettings<HubRateLimitOptions>(HubRateLimitOptions.Section);
        services.AddSettings<HubOriginOptions>(HubOriginOptions.Section);
        services.AddSettings<PersonLimitOptions>(PersonLimitOptions.Section);
        services.AddSettings<IceOptions>(IceOptions.Section);
        services.AddSettings<MetricsOptions>(MetricsOptions.Section);
        services.AddSettings<RetentionOptions>(RetentionOptions.Section);

        // Storage: the embedded in-memory default, unless ConnectionStrings:Redis is set (then AddCaucusRedis below).
        var redis = configuration.GetConnectionString("Redis");
        if (string.IsNullOrWhiteSpace(redis))
        {
            services.AddSingleton<IAccountStore, InMemoryAccountStore>();
            services.AddSingleton<ISessionStore>(sp => new InMemorySessionStore(sp.GetRequiredService<InMemoryAuditStore>().Append));
            services.AddSingleton<IInviteStore, InMemoryInviteStore>();
            services.AddSettings<InMemoryOptions>(InMemoryOptions.Section);
            services.AddSingleton<IMessageStore>(sp =>
            {
                var kept = sp.GetRequiredService<IOptions<InMemoryOptions>>().Value;
                return new InMemoryMessageStore(kept.MaxMessagesPerRoom, kept.HotMessagesPerRoom);
            });
            // One trail for the audit store and the session store, which writes a change's entry with the change.
            services.AddSingleton<InMemoryAuditStore>();
            services.AddSingleton<IAuditStore>(sp => sp.GetRequiredService<InMemoryAuditStore>());
            services.AddSingleton<IMediatorNotesStore, InMemoryMediatorNotesStore>();
            services.AddSingleton<IDocumentStore, InMemoryDocumentStore>();
            services.AddSingleton<IPurgeSchedule, InMemoryPurgeSchedule>();
            services.AddSingleton<ISessionLocks>(sp => sp.GetRequiredService<SessionLocks>());
            services.AddSingleton<IConnectionRegistry>(sp => sp.GetRequiredService<ConnectionRegistry>());
            services.AddSingleton<PersonGroupDelivery>();
            services.AddSingleton<IMessageDelivery>(sp => sp.GetRequiredService<PersonGroupDelivery>());
            services.AddSingleton<INoticeDelivery>(sp => sp.GetRequiredService<PersonGroupDelivery>());
            services.AddSingleton<IBackplaneProbe, InMemoryBackplaneProbe>();
            services.AddSingleton<INodeDirectory, InMemoryNodeDirectory>();
            services.AddSingleton<IOpaqueIdKey, InMemoryOpaqueIdKey>();
        }

        services.AddSingleton<IPasswordHasher<Account>, PasswordHasher<Account>>();
        services.AddSingleton<PasswordCheck>();
        services.AddSingleton<AccountBootstrap>();
        services.AddHostedService(sp => sp.GetRequiredService<AccountBootstrap>());
        services.AddSingleton<SessionLocks>();
        services.AddSingleton<ConnectionRegistry>();
        services.AddSingleton<Departures>();
        services.AddSingleton<SessionAccess>();
        services.AddSingleton<ISessionClients, SessionHubClients>();
        services.AddSingleton<SessionRepository>();
        services.AddSingleton<ChangePipeline>();
        services.AddSingleton<SessionNotifier>();
        services.AddSingleton<MediatorViews>();
        services.AddSingleton<SessionConnections>();
        services.AddSingleton<RoomChat>();
        services.AddMediatorToolkit();
        services.AddSingleton<CaucusMetrics>();
        services.AddSingleton<MediaRosters>();
        services.AddSingleton<SignalRelay>();
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<ConsentDesk>();
        services.AddSingleton<RoomDocuments>();
        services.AddSingleton<IPurgedWithMessages>(sp => sp.GetRequiredService<IDocumentStore>());
        services.AddSingleton<WordsDigest>();
        services.AddSingleton<Retention>();
        services.AddHostedService(sp => sp.GetRequiredService<Retention>());

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            o.Cookie.Name = "caucus";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.SlidingExpiration = false;
            // An API answers 401/403; it never redirects to a login page.
            o.Events.OnRedirectToLogin = c =>
            {
                c.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return c.Response.WriteAsJsonAsync(new ErrorResponse("NotSignedIn", "Sign in first: this needs a signed-in account or a redeemed invite."));
            };
            o.Events.OnRedirectToAccessDenied = c => { c.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
        });
        // Hub connections close when the sign-in runs out (CloseOnAuthenticationExpiration).
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>>((cookie, auth) => cookie.ExpireTimeSpan = auth.Value.SignInLifetime);
        services.AddAuthorization(o => o.AddPolicy(AdminEndpoints.AdminPolicy, p => p.RequireAssertion(c => AdminEndpoints.IsAdmin(c.User))));
        services.AddSingleton<HealthSampler>();
        services.AddHostedService(sp => sp.GetRequiredService<HealthSampler>());
        services.AddSingleton<HealthFigures>();
        services.AddHealthChecks().AddCheck<AccountBootstrapCheck>("accounts", tags: [AdminEndpoints.ReadyTag]);
        services.AddOpenTelemetry().WithMetrics(m => m
            .AddMeter(CaucusMetrics.MeterName)
            .AddRuntimeInstrumentation()
            .AddPrometheusExporter());
        services.AddCaucusRateLimits();
        services.AddCaucusErrorHandling();

        services.AddSingleton<HubRateLimitFilter>();
        services.AddSingleton<CallsInFlight>();
        services.AddSingleton<PersonRateLimits>();
        services.AddCaucusForwardedHeaders();
        var signalR = services.AddSignalR(o =>
        {
            o.MaximumReceiveMessageSize = MaxHubMessageBytes;
            o.EnableDetailedErrors = false;
            o.AddFilter<HubRateLimitFilter>();
            o.AddFilter<CallsInFlight>();
        }).AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new VerbatimStringConverter()));
        if (!string.IsNullOrWhiteSpace(redis)) services.AddCaucusRedis(signalR, redis, configuration);
        return services;
    }

    public static WebApplication UseCaucusRooms(this WebApplication app)
    {
        // Every bad setting named at once, before the pipeline below reads any of them.
        app.Services.GetRequiredService<IStartupValidator>().Validate();
        app.UseCaucusForwardedHeaders();
        app.UseCaucusErrorHandling();
        app.UseCaucusMetricsPort();
        if (!app.Environment.IsDevelopment() && TransportSecurity.HasCertificate(app.Configuration))
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        // Behind a TLS-terminating proxy: HSTS on the requests that reached the proxy over https (X-Forwarded-Proto).
        else if (!app.Environment.IsDevelopment() && app.Services.GetRequiredService<IOptions<HostingOptions>>().Value.TlsTerminatedByProxy)
        {
            app.UseHsts();
        }
        app.UseStoreOutageResponses();
        app.UseStaticFiles();
        app.UseHubOriginCheck(app.Services.GetRequiredService<IOptions<HubOriginOptions>>().Value.AllowedOrigins);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseHubAdmission();
        app.UseRateLimiter();
        app.UseJsonCharset();

        app.MapAuth();
        app.MapSessions();
        app.MapInvites();
        app.MapIce();
        app.MapAdmin();
        app.MapRecords();
        app.MapNotes();
        app.MapDocuments();
        app.MapCaucusMetrics();
        // Signed in to connect (negotiate and the connection itself); the sign-in is checked once, at connect (see SessionHub).
        app.MapHub<SessionHub>(HubPaths.Session, o => o.CloseOnAuthenticationExpiration = true).RequireAuthorization();
        // The client's files, fingerprinted ones included: its import map names JS modules such as
        // Video/VideoRoom.<hash>.razor.js, which only these endpoints serve (UseStaticFiles alone 404s them).
        app.MapStaticAssets();
        app.MapFallbackToFile("index.html");
        return app;
    }
}
