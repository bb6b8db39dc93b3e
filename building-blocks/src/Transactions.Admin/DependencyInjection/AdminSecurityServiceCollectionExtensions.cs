using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Transactions.Admin.Security;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers admin API-key authentication and the <c>admin.read</c> / <c>admin.operate</c> policies.</summary>
public static class AdminSecurityServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="AdminAuthentication.Scheme"/> scheme and the policies <see cref="AdminAuthentication.ReadPolicy"/>
    /// (any key) and <see cref="AdminAuthentication.OperatePolicy"/> (operator keys), with keys bound from
    /// <paramref name="section"/> (usually <c>Admin</c>) and validated at start.
    /// </summary>
    public static IServiceCollection AddAdminSecurity(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return services.AddAdminSecurity(options => section.Bind(options));
    }

    /// <summary>As <see cref="AddAdminSecurity(IServiceCollection, IConfiguration)"/>, configured in code.</summary>
    public static IServiceCollection AddAdminSecurity(this IServiceCollection services, Action<AdminSecurityOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<AdminSecurityOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AdminSecurityOptions>, AdminSecurityOptionsValidator>());
        services.TryAddSingleton<AdminKeyRing>();

        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(AdminAuthentication.Scheme, displayName: "Admin API key", _ => { });
        services.AddAuthorizationBuilder()
            .AddPolicy(AdminAuthentication.ReadPolicy, policy => policy
                .AddAuthenticationSchemes(AdminAuthentication.Scheme)
                .RequireRole(nameof(AdminRole.ReadOnly), nameof(AdminRole.Operator)))
            .AddPolicy(AdminAuthentication.OperatePolicy, policy => policy
                .AddAuthenticationSchemes(AdminAuthentication.Scheme)
                .RequireRole(nameof(AdminRole.Operator)));
        return services;
    }
}
