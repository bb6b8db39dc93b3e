using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Transactions.ReliableMessage.Service.Notifications;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers best-effort notifications.</summary>
public static class NotificationServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="NotificationOptions"/> from <paramref name="section"/> (validated at start) and adds
    /// <see cref="Notifier"/>, <see cref="NotificationSender"/> (its HttpClient follows no redirects) and the
    /// <see cref="NotificationDispatcher"/> hosted service. Needs the engine, the store and the application keys.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="section">The <c>Notifications</c> section.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration section)
    {
        services.AddOptions<NotificationOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<NotificationOptions>, NotificationOptionsValidator>();
        services.AddHttpClient(NotificationSender.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                ConnectTimeout = TimeSpan.FromSeconds(10),
            });
        services.TryAddSingleton<NotificationSender>();
        services.TryAddSingleton<Notifier>();
        services.TryAddSingleton<NotificationDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<NotificationDispatcher>());
        return services;
    }
}
