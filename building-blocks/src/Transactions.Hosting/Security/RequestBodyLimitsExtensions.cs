using Microsoft.AspNetCore.Builder;

namespace Transactions.Hosting.Security;

/// <summary>Adds <see cref="RequestBodyLimitsMiddleware"/>.</summary>
public static class RequestBodyLimitsExtensions
{
    /// <summary>The request body budget and the limit for unknown callers (early in the pipeline, before any endpoint).</summary>
    /// <param name="app">The application.</param>
    /// <returns>The same application.</returns>
    public static IApplicationBuilder UseRequestBodyLimits(this IApplicationBuilder app) => app.UseMiddleware<RequestBodyLimitsMiddleware>();
}
