using Transactions.Admin.Http;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Request limits of the admin API.</summary>
public static class AdminApplicationBuilderExtensions
{
    /// <summary>
    /// Caps request bodies under the admin path prefix (<c>Admin:PathPrefix</c>, default <c>/api/v1/admin</c>) at
    /// <c>Admin:MaxRequestBodyBytes</c> (default 64 KiB). Call before the admin endpoints run (e.g. right after Build).
    /// </summary>
    public static IApplicationBuilder UseAdminRequestLimits(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.UseMiddleware<AdminRequestLimitsMiddleware>();
    }
}
