using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CaucusRooms.Server.Infrastructure;

/// <summary>
/// Every setting of the service is a class bound to its configuration section and checked when the host
/// starts, as aspnetcore's own options are: a bad value stops the start with a sentence that names the
/// setting (<see cref="SettingsValidation{T}"/>), never later in the middle of a mediation.
/// </summary>
internal static class Settings
{
    /// <summary>Binds <typeparamref name="T"/> to <paramref name="section"/> and validates it on start.</summary>
    public static OptionsBuilder<T> AddSettings<T>(this IServiceCollection services, string section) where T : class
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<T>>(new SettingsValidation<T>(section)));
        return services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
    }
}
