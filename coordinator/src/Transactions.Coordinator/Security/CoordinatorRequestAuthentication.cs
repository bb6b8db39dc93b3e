using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Transactions.Hosting.Security;

namespace Transactions.Coordinator.Security;

/// <summary>
/// The coordinator's key check for <see cref="RequestBodyLimitsMiddleware"/>: its gRPC calls (the TC protocol)
/// are known when they carry a key of <see cref="ApplicationKeyRing"/>, or none while keys are not required.
/// </summary>
/// <param name="ring">The configured application keys.</param>
/// <param name="options">The security options.</param>
public sealed class CoordinatorRequestAuthentication(ApplicationKeyRing ring, IOptions<ApplicationSecurityOptions> options) : IRequestAuthentication
{
    /// <inheritdoc />
    public long UnauthenticatedBodyLimit => options.Value.UnauthenticatedMaxRequestBytes;

    /// <inheritdoc />
    public bool AppliesTo(HttpContext context) =>
        context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    /// <inheritdoc />
    public bool IsAuthenticated(HttpContext context)
    {
        var key = context.Request.Headers[ApplicationSecurityOptions.KeyHeader].ToString();
        return string.IsNullOrEmpty(key) ? !ring.RequireKeys : ring.Match(key) is not null;
    }
}
