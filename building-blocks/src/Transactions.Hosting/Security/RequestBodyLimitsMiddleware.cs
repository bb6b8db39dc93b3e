using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Transactions.Hosting.Memory;

namespace Transactions.Hosting.Security;

/// <summary>
/// Bounds what request bodies can hold before a handler sees them. Every gRPC call reads through a
/// <see cref="LimitedPipeReader"/>: its unconsumed bytes count against the service's <see cref="RequestBodyBudget"/>,
/// and a caller the service does not know (no valid application key where keys are required, or an unknown one:
/// <see cref="IRequestAuthentication"/>) may send only a small body. Non-gRPC requests of a key-protected API from such
/// a caller get Kestrel's body size limit lowered instead (413 past it). The service's own key check still refuses
/// the call afterwards, as before. Add it with <see cref="RequestBodyLimitsExtensions.UseRequestBodyLimits"/>.
/// </summary>
public sealed class RequestBodyLimitsMiddleware
{
    private readonly RequestDelegate _next;
    private readonly RequestBodyBudget _budget;
    private readonly IRequestAuthentication? _authentication;

    /// <summary>Creates the middleware.</summary>
    /// <param name="next">The rest of the pipeline.</param>
    /// <param name="budget">The service-wide budget.</param>
    /// <param name="services">Where the service's optional <see cref="IRequestAuthentication"/> comes from.</param>
    public RequestBodyLimitsMiddleware(RequestDelegate next, RequestBodyBudget budget, IServiceProvider services)
    {
        _next = next;
        _budget = budget;
        _authentication = services.GetService<IRequestAuthentication>();
    }

    /// <summary>Wraps the body reader of a gRPC call; lowers the body limit of an unknown caller.</summary>
    /// <param name="context">The request.</param>
    /// <returns>A task.</returns>
    public async Task InvokeAsync(HttpContext context)
    {
        var grpc = context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;
        var limit = long.MaxValue;
        if (_authentication is not null && _authentication.AppliesTo(context) && !_authentication.IsAuthenticated(context))
        {
            limit = _authentication.UnauthenticatedBodyLimit;
            if (!grpc && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size
                && (size.MaxRequestBodySize is null || size.MaxRequestBodySize > limit))
            {
                size.MaxRequestBodySize = limit; // Kestrel answers 413 past it
            }
        }

        // Grpc.AspNetCore lifts Kestrel's MaxRequestBodySize for its calls and reads the body pipe: bound the pipe.
        if (!grpc || context.Features.Get<IRequestBodyPipeFeature>() is not { } body)
        {
            await _next(context).ConfigureAwait(false);
            return;
        }

        var reader = new LimitedPipeReader(body.Reader, limit, _budget);
        context.Features.Set<IRequestBodyPipeFeature>(new LimitedBodyPipeFeature(reader));
        try
        {
            await _next(context).ConfigureAwait(false);
        }
        finally
        {
            reader.ReleaseHeld();
        }
    }

    private sealed class LimitedBodyPipeFeature(LimitedPipeReader reader) : IRequestBodyPipeFeature
    {
        public System.IO.Pipelines.PipeReader Reader => reader;
    }
}
