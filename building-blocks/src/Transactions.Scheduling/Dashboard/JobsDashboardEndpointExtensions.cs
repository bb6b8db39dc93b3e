using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Transactions.Scheduling.Dashboard;
using Transactions.Scheduling.Options;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Serves the Hangfire dashboard behind the service's admin API keys.</summary>
public static class JobsDashboardEndpointExtensions
{
    /// <summary>
    /// Serves the dashboard at <c>Jobs:DashboardPath</c> (default <c>/hangfire</c>) when jobs are enabled: no admin
    /// key -> 401; a read-only key sees a read-only dashboard; an operator key may trigger, requeue and delete jobs.
    /// A browser signs in at <c>{path}/login</c> (a form, or a POST with the key header, as the web console does).
    /// </summary>
    /// <param name="app">The application.</param>
    /// <param name="title">The dashboard's title, e.g. <c>Coordinator jobs</c>.</param>
    /// <param name="backLink">Where the dashboard's "back to site" link goes, e.g. <c>/console/</c>.</param>
    /// <returns>The application.</returns>
    public static WebApplication MapJobsDashboard(this WebApplication app, string title, string backLink = "/")
    {
        ArgumentNullException.ThrowIfNull(app);
        var jobs = app.Services.GetRequiredService<IOptions<JobsOptions>>().Value;
        if (!jobs.Enabled)
        {
            return app;
        }

        var path = jobs.DashboardPath;
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments(path, StringComparison.OrdinalIgnoreCase),
            branch => branch.UseMiddleware<DashboardKeyMiddleware>());
        app.UseHangfireDashboard(path, new DashboardOptions
        {
            Authorization = [new DashboardAuthorization()],
            IsReadOnlyFunc = DashboardAuthorization.IsReadOnly,
            DashboardTitle = title,
            AppPath = backLink,
            DisplayStorageConnectionString = false,
        });
        return app;
    }
}
