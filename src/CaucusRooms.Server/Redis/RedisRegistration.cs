using CaucusRooms.Server.Accounts;
using CaucusRooms.Server.Admin;
using CaucusRooms.Server.Audit;
using CaucusRooms.Server.Connections;
using CaucusRooms.Server.Documents;
using CaucusRooms.Server.Infrastructure;
using CaucusRooms.Server.Invites;
using CaucusRooms.Server.Messages;
using CaucusRooms.Server.Notes;
using CaucusRooms.Server.SessionState;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CaucusRooms.Server.Redis;

/// <summary>With <c>ConnectionStrings:Redis</c> set, every node shares state, history, groups and keys through Redis.</summary>
internal static class RedisRegistration
{
    /// <summary>Every node must use the same name, or they cannot read each other's cookies and data keys.</summary>
    public const string ApplicationName = "CaucusRooms";

    public static IServiceCollection AddCaucusRedis(this IServiceCollection services, ISignalRServerBuilder signalR, string connectionString, IConfiguration configuration)
    {
        // Returns even when Redis is away; it connects (and reconnects) by itself.
        var redis = ConnectionMultiplexer.Connect(RedisConnection.Options(connectionString));
        services.AddSingleton<IConnectionMultiplexer>(redis);
        services.AddSingleton<NodeIdentity>();
        services.AddSingleton(_ => new NodeLiveness(ConnectionMultiplexer.Connect(RedisConnection.LivenessOptions(connectionString))));

        services.AddSingleton<IAccountStore, RedisAccountStore>();
        services.AddSingleton<ISessionStore, RedisSessionStore>();
        services.AddSingleton<IInviteStore, RedisInviteStore>();
        services.AddSingleton<IMessageStore, RedisMessageStore>();
        services.AddSingleton<IAuditStore, RedisAuditStore>();
        services.AddSingleton<IMediatorNotesStore, RedisMediatorNotesStore>();
        services.AddSingleton<IDocumentStore, RedisDocumentStore>();
        services.AddSingleton<IPurgeSchedule, RedisPurgeSchedule>();
        services.AddSingleton<SessionDataKeys>();
        services.AddSingleton<SessionRecordKeys>();
        services.AddSingleton<ISessionLocks, RedisSessionLocks>();
        services.AddSingleton<RedisConnectionRegistry>();
        services.AddSingleton<IConnectionRegistry>(sp => sp.GetRequiredService<RedisConnectionRegistry>());
        services.AddHostedService<NodeHeartbeat>();
        services.AddSingleton<RedisDelivery>();
        services.AddSingleton<IMessageDelivery>(sp => sp.GetRequiredService<RedisDelivery>());
        services.AddSingleton<INoticeDelivery>(sp => sp.GetRequiredService<RedisDelivery>());
        services.AddHostedService(sp => sp.GetRequiredService<RedisDelivery>());
        services.AddSingleton<IBackplaneProbe, RedisBackplaneProbe>();
        services.AddSingleton<INodeDirectory, RedisNodeDirectory>();
        services.AddSingleton<IOpaqueIdKey, RedisOpaqueIdKey>();

        services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToStackExchangeRedis(redis, RedisKeys.DataProtectionKeys)
            .ProtectKeysWithConfiguredCertificate(configuration);

        services.AddStackExchangeRedisCache(o =>
        {
            o.ConnectionMultiplexerFactory = () => Task.FromResult<IConnectionMultiplexer>(redis);
            o.InstanceName = RedisKeys.CacheInstance;
        });
        services.AddSingleton<Microsoft.AspNetCore.Authentication.Cookies.ITicketStore, DistributedTicketStore>();
        services.AddSingleton<IPostConfigureOptions<CookieAuthenticationOptions>, TicketStoreSetup>();

        signalR.AddStackExchangeRedis(o =>
        {
            o.Configuration = RedisConnection.Options(connectionString);
            o.Configuration.ChannelPrefix = RedisChannel.Literal(RedisKeys.BackplaneChannelPrefix);
        }).AddLocalConnectionWrites();
        services.Configure<HubOptions>(o => o.AddFilter<StoreOutageFilter>());
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: [AdminEndpoints.ReadyTag]);
        return services;
    }
}
