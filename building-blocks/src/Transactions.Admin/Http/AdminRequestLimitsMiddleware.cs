using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Transactions.Admin.Security;

namespace Transactions.Admin.Http;

/// <summary>
/// Caps the body of every request under <see cref="AdminSecurityOptions.PathPrefix"/> at
/// <see cref="AdminSecurityOptions.MaxRequestBodyBytes"/>: a declared larger body is answered 413 at once, a body that
/// grows past it while being read ends in 413 from the server.
/// </summary>
internal sealed class AdminRequestLimitsMiddleware(RequestDelegate next, IOptions<AdminSecurityOptions> options)
{
    public Task InvokeAsync(HttpContext context)
    {
        var settings = options.Value;
        if (!context.Request.Path.StartsWithSegments(settings.PathPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return next(context);
        }

        if (context.Request.ContentLength > settings.MaxRequestBodyBytes)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "Payload too large",
                detail: $"Admin requests carry at most {settings.MaxRequestBodyBytes} bytes.").ExecuteAsync(context);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = settings.MaxRequestBodyBytes;
        }

        return next(context);
    }
}
