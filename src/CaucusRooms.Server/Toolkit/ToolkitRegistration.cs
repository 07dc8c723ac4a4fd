namespace CaucusRooms.Server.Toolkit;

internal static class ToolkitRegistration
{
    /// <summary>The mediator's toolkit: announcements, room timers, everyone back, answers to asks.</summary>
    public static IServiceCollection AddMediatorToolkit(this IServiceCollection services)
    {
        services.AddSingleton<Announcements>();
        services.AddSingleton<RoomTimers>();
        services.AddSingleton<EveryoneBack>();
        services.AddSingleton<AskAnswers>();
        return services;
    }
}
