using CaucusRooms.Contracts;
using CaucusRooms.Server.Accounts;
using CaucusRooms.Server.Invites;
using CaucusRooms.Server.Redis;
using CaucusRooms.Server.Rooms;
using CaucusRooms.Server.Sessions;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;

namespace CaucusRooms.Server.Infrastructure;

internal static class ServiceRegistration
{
    /// <summary>Hub frames are small: a 4,000-character message fits with room for JSON escaping, nothing much larger does.</summary>
    public const long MaxHubMessageBytes = 32 * 1024;

    public static IServiceCollection AddCaucusRooms(this IServiceCollection services, IConfiguration configuration, IWebHostEnvironment environment)
    {
        services.AddSingleton(TimeProvider.System);
        services.Configure<BootstrapOptions>(configuration.GetSection("Bootstrap"));
        services.Configure<InviteOptions>(configuration.GetSection("Invites"));
        services.Configure<MediationOptions>(configuration.GetSection("Sessions"));
        services.Configure<HubRateLimitOptions>(configuration.GetSection("Hub:RateLimit"));

        // Storage: the embedded in-memory default, unless ConnectionStrings:Redis is set (then AddCaucusRedis below).
        var redis = configuration.GetConnectionString("Redis");
        if (string.IsNullOrWhiteSpace(redis))
        {
            services.AddSingleton<IAccountStore, InMemoryAccountStore>();
            services.AddSingleton<ISessionStore, InMemorySessionStore>();
            services.AddSingleton<IInviteStore, InMemoryInviteStore>();
            services.AddSingleton<IMessageStore, InMemoryMessageStore>();
            services.AddSingleton<ISessionLocks>(sp => sp.GetRequiredService<SessionLocks>());
            services.AddSingleton<IConnectionRegistry>(sp => sp.GetRequiredService<ConnectionRegistry>());
        }

        services.AddSingleton<IPasswordHasher<Account>, PasswordHasher<Account>>();
        services.AddHostedService<AccountBootstrap>();
        services.AddSingleton<SessionLocks>();
        services.AddSingleton<ConnectionRegistry>();
        services.AddSingleton<EntitlementSync>();
        services.AddSingleton<SessionAccess>();
        services.AddSingleton<SessionCoordinator>();
        services.AddSingleton<RoomChat>();

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            o.Cookie.Name = "caucus";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            o.SlidingExpiration = false;
            // An API answers 401/403; it never redirects to a login page.
            o.Events.OnRedirectToLogin = c => { c.Response.StatusCode = StatusCodes.Status401Unauthorized; return Task.CompletedTask; };
            o.Events.OnRedirectToAccessDenied = c => { c.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
        });
        services.AddAuthorization();
        services.AddCaucusRateLimits();

        services.AddSingleton<HubRateLimitFilter>();
        var signalR = services.AddSignalR(o =>
        {
            o.MaximumReceiveMessageSize = MaxHubMessageBytes;
            o.EnableDetailedErrors = false;
            o.AddFilter<HubRateLimitFilter>();
        });
        services.AddHealthChecks();
        if (!string.IsNullOrWhiteSpace(redis)) services.AddCaucusRedis(signalR, redis);
        return services;
    }

    public static WebApplication UseCaucusRooms(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment() && app.Configuration["Kestrel:Certificates:Default:Path"] is not null)
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        app.UseStoreOutageResponses();
        app.UseBlazorFrameworkFiles();
        app.UseStaticFiles();
        app.UseHubOriginCheck(app.Configuration.GetSection("Hub:AllowedOrigins").Get<string[]>() ?? []);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapHealth();
        app.MapAuth();
        app.MapSessions();
        app.MapInvites();
        app.MapHub<SessionHub>(HubPaths.Session, o => o.CloseOnAuthenticationExpiration = true);
        app.MapFallbackToFile("index.html");
        return app;
    }
}
