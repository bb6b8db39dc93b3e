using Microsoft.Extensions.Options;
using Transactions.Hosting.Security;

namespace Transactions.ReliableMessage.Service.Security;

/// <summary>
/// The reliable-message service's key check for <see cref="RequestBodyLimitsMiddleware"/>: its gRPC calls and
/// its producer/consumer HTTP API (not the admin API, which has its own keys) are known when they carry a key of
/// <see cref="MessageApiAccess"/>, or none while keys are not required.
/// </summary>
/// <param name="access">The configured application keys.</param>
/// <param name="options">The security options.</param>
public sealed class MessageRequestAuthentication(MessageApiAccess access, IOptions<MessageApiSecurityOptions> options) : IRequestAuthentication
{
    /// <inheritdoc />
    public long UnauthenticatedBodyLimit => options.Value.UnauthenticatedMaxRequestBytes;

    /// <inheritdoc />
    public bool AppliesTo(HttpContext context)
    {
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true)
        {
            return true;
        }

        var path = context.Request.Path;
        return path.StartsWithSegments("/api/v1", StringComparison.OrdinalIgnoreCase) && !path.StartsWithSegments("/api/v1/admin", StringComparison.OrdinalIgnoreCase);
    }

    /// <inheritdoc />
    public bool IsAuthenticated(HttpContext context)
    {
        var key = context.Request.Headers[MessageApiSecurityOptions.KeyHeader].ToString();
        try
        {
            access.Authenticate(string.IsNullOrEmpty(key) ? null : key);
            return true;
        }
        catch (MessageApiAccessException)
        {
            return false;
        }
    }
}
