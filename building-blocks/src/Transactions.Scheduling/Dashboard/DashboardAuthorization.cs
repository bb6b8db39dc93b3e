using Hangfire.Dashboard;
using Transactions.Admin.Security;

namespace Transactions.Scheduling.Dashboard;

/// <summary>
/// The dashboard's authorization: any admin key the <see cref="DashboardKeyMiddleware"/> accepted may see it;
/// <see cref="IsReadOnly"/> keeps it read-only (no trigger, requeue or delete) unless the key is an operator's.
/// </summary>
internal sealed class DashboardAuthorization : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) =>
        context.GetHttpContext().User.Identity?.IsAuthenticated == true;

    public static bool IsReadOnly(DashboardContext context) =>
        !context.GetHttpContext().User.IsInRole(nameof(AdminRole.Operator));
}
