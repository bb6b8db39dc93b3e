using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Transactions.Admin.Security;
using Transactions.Hosting.Security;
using Transactions.ReliableMessage.Service.Security;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the producer/consumer API's application keys.</summary>
public static class MessageApiSecurityServiceCollectionExtensions
{
    /// <summary>Binds <see cref="MessageApiSecurityOptions"/> from <paramref name="section"/> (validated at start) and adds <see cref="MessageApiAccess"/>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="section">The <c>Security</c> section.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddMessageApiSecurity(this IServiceCollection services, IConfiguration section)
    {
        services.AddOptions<MessageApiSecurityOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MessageApiSecurityOptions>, MessageApiSecurityOptionsValidator>();
        services.AddSingleton<MessageApiAccess>();
        services.AddSingleton<IRequestAuthentication, MessageRequestAuthentication>();
        services.AddHostedService(sp => new AnonymousAccessWarning(
            sp.GetRequiredService<IOptions<MessageApiSecurityOptions>>().Value.RequireApplicationKeys,
            sp.GetRequiredService<IOptions<AdminSecurityOptions>>().Value.ApiKeys.Count,
            sp.GetRequiredService<IHostEnvironment>(),
            sp.GetRequiredService<ILogger<AnonymousAccessWarning>>()));
        return services;
    }
}
