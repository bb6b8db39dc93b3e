using Microsoft.AspNetCore.Http;

namespace Transactions.Hosting.Memory;

/// <summary>Counts requests for <see cref="RequestActivity"/> (first in the pipeline, so every request is seen).</summary>
/// <param name="next">The rest of the pipeline.</param>
/// <param name="activity">The counters.</param>
public sealed class RequestActivityMiddleware(RequestDelegate next, RequestActivity activity)
{
    /// <summary>Runs the request between the two counts.</summary>
    /// <param name="context">The request.</param>
    /// <returns>A task.</returns>
    public async Task InvokeAsync(HttpContext context)
    {
        activity.Started();
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            activity.Ended();
        }
    }
}
