using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Transactions.Coordinator.Admin.Actions;
using Transactions.Coordinator.Admin.DeadLetters;
using Transactions.Coordinator.Admin.Queries;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the coordinator's admin API (queries, actions, dead-letter link) and admin key security.</summary>
public static class CoordinatorAdminServiceCollectionExtensions
{
    /// <summary>
    /// Adds the admin API's services with keys from <paramref name="adminSection"/> (usually <c>Admin</c>: <c>ApiKeys</c>,
    /// <c>HeaderName</c>, <c>ReliableMessage</c>). Needs the coordinator engine and its EF store registered too.
    /// </summary>
    public static IServiceCollection AddCoordinatorAdmin(this IServiceCollection services, IConfiguration adminSection)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(adminSection);
        services.AddAdminSecurity(adminSection);
        services.AddOptions<ReliableMessageLinkOptions>().Bind(adminSection.GetSection("ReliableMessage"));
        services.TryAddSingleton<AdminQueries>();
        services.TryAddSingleton<CoordinatorAdminActions>();
        services.AddHttpClient<DeadLetterReader>();
        return services;
    }
}
