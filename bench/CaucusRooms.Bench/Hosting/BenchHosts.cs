using CaucusRooms.Server.Hosting;
using CaucusRooms.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CaucusRooms.Bench.Hosting;

/// <summary>The two servers under test: CaucusRooms (in memory) and the raw SignalR baseline, each on its own Kestrel on 127.0.0.1.</summary>
internal static class BenchHosts
{
    public const string StatsPath = "/_bench/stats";
    public const string MediatorUserName = "bench-mediator";
    public const string PasswordVariable = "CAUCUS_BENCH_PASSWORD";
    public const string UrlsVariable = "CAUCUS_BENCH_URLS";
    private const string Loopback = "http://127.0.0.1:0";

    /// <summary>
    /// CaucusRooms exactly as <c>Program.cs</c> wires it, with limits raised for load (per-connection hub
    /// calls, sign-ins from one address) and one mediator account for every bench session.
    /// </summary>
    public static async Task<WebApplication> StartCaucusRoomsAsync(string mediatorPassword, bool inProcess, CancellationToken ct)
    {
        // The service's name, so MapStaticAssets finds CaucusRooms.Server.staticwebassets.endpoints.json beside us.
        var builder = NewBuilder(inProcess, typeof(ServiceRegistration).Assembly.GetName().Name);
        builder.Configuration.AddInMemoryCollection(new TestSettings()
            .Account(0, MediatorUserName, "Mediator", mediatorPassword)
            .LimitsRaisedForLoad()
            // The chaos mode restarts a killed node on the port it had.
            .Set("urls", Environment.GetEnvironmentVariable(UrlsVariable) ?? Loopback)
            .ToDictionary());
        builder.Services.AddCaucusRooms(builder.Configuration, builder.Environment);
        var timings = new HubTimings();
        builder.Services.Configure<HubOptions>(o => o.AddFilter(timings));
        var app = builder.Build();
        app.UseCaucusRooms();
        app.MapGet(StatsPath, (bool? gc) => ServerStats.Read(timings, gc == true));
        await app.StartAsync(ct);
        return app;
    }

    /// <summary>
    /// The baseline: the raw hub with plain groups and the same hub options (frame size, errors). With
    /// <c>ConnectionStrings:Redis</c> set, its groups span nodes through the SignalR Redis backplane, configured
    /// as CaucusRooms configures its own (the same connection options and channel prefix).
    /// </summary>
    public static async Task<WebApplication> StartBaselineAsync(bool inProcess, CancellationToken ct)
    {
        var builder = NewBuilder(inProcess);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["urls"] = Loopback });
        builder.Services.AddSingleton<RawDirectory>();
        var timings = new HubTimings();
        var signalR = builder.Services.AddSignalR(o =>
        {
            o.MaximumReceiveMessageSize = ServiceRegistration.MaxHubMessageBytes;
            o.EnableDetailedErrors = false;
            o.AddFilter(timings);
        });
        if (builder.Configuration.GetConnectionString("Redis") is { Length: > 0 } redis)
        {
            signalR.AddStackExchangeRedis(o =>
            {
                o.Configuration = Server.Redis.RedisConnection.Options(redis);
                o.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal(Server.Redis.RedisKeys.BackplaneChannelPrefix);
            });
        }
        var app = builder.Build();
        app.MapHub<RawHub>(RawHub.Path);
        app.MapGet(StatsPath, (bool? gc) => ServerStats.Read(timings, gc == true));
        await app.StartAsync(ct);
        return app;
    }

    /// <summary>
    /// A child logs as the service does (its console goes to the parent, which drops it); in-process, the
    /// servers' logs would mix with the bench's own output, so they go nowhere.
    /// </summary>
    private static WebApplicationBuilder NewBuilder(bool inProcess, string? applicationName = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = applicationName,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Error",
            ["Logging:LogLevel:Microsoft"] = "Error",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Error",
        });
        if (inProcess) builder.Logging.ClearProviders();
        return builder;
    }

    /// <summary>The address Kestrel bound (port 0 picks a free one).</summary>
    public static Uri Address(WebApplication app) => new(app.Urls.First());
}
