using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transactions.Common.Audit;

namespace Transactions.Admin.Security;

/// <summary>
/// Authenticates admin calls by API key (header <c>X-Api-Key</c> or <c>Authorization: ApiKey &lt;key&gt;</c>) and answers
/// 401/403 as problem documents (gRPC calls: Unauthenticated / PermissionDenied) that say what is wrong, never which keys exist.
/// A 403 (a known key whose role does not allow the action) is also written to the service's audit log
/// (<see cref="IAuditLog"/>, when one is registered): who tried what, refused. A 401 is only logged: anyone can send
/// requests without a valid key, and must not be able to fill the audit table.
/// </summary>
internal sealed partial class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptions<AdminSecurityOptions> adminOptions,
    AdminKeyRing keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    /// <summary>Longer values are not keys; refused without hashing them.</summary>
    private const int MaximumKeyLength = 512;

    private const string FailureItem = "Transactions.Admin.AuthenticationFailure";

    private const string GrpcUnauthenticated = "16";

    private const string GrpcPermissionDenied = "7";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = PresentedKey();
        if (presented is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var key = presented.Length <= MaximumKeyLength ? keys.Match(presented) : null;
        if (key is null)
        {
            LogUnknownKey(Logger, Context.Connection.RemoteIpAddress?.ToString() ?? "unknown", Request.Path);
            Context.Items[FailureItem] = "The API key is not valid.";
            return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
        }

        Claim[] claims =
        [
            new(ClaimTypes.Name, key.Name),
            new(ClaimTypes.Role, key.Role.ToString()),
        ];
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name, ClaimTypes.Name, ClaimTypes.Role));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var header = adminOptions.Value.HeaderName;
        string detail;
        if (keys.IsEmpty)
        {
            detail = "The admin API is closed: no API key is configured (Admin:ApiKeys).";
        }
        else if (Context.Items.TryGetValue(FailureItem, out var failure) && failure is string message)
        {
            detail = message;
        }
        else
        {
            detail = $"An API key is required: send it in the {header} header (or Authorization: ApiKey <key>).";
        }

        Response.Headers.WWWAuthenticate = $"ApiKey header=\"{header}\"";
        return IsGrpc
            ? GrpcStatusAsync(GrpcUnauthenticated, detail)
            : Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: detail).ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var name = Context.User.Identity?.Name ?? "?";
        var role = Context.User.FindFirst(ClaimTypes.Role)?.Value ?? "?";
        var detail = $"The API key '{name}' has the {role} role; this needs the {nameof(AdminRole.Operator)} role.";
        await AuditRefusalAsync(name, detail);
        await (IsGrpc
            ? GrpcStatusAsync(GrpcPermissionDenied, detail)
            : Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: detail).ExecuteAsync(Context));
    }

    /// <summary>
    /// Writes the refused attempt to the audit log: the key's name, the action (the last segment of the path: an
    /// HTTP action such as <c>force-rollback</c>, or a gRPC method such as <c>Requeue</c>), the path as target, the
    /// outcome "refused: forbidden: ...". The body (and its reason) is not read for a request that is refused.
    /// A failing audit write is logged and does not change the answer.
    /// </summary>
    private async Task AuditRefusalAsync(string actor, string detail)
    {
        if (Context.RequestServices.GetService<IAuditLog>() is not { } audit)
        {
            return;
        }

        var path = Request.Path.Value ?? string.Empty;
        try
        {
            await audit.AppendAsync(
                new AuditRecord
                {
                    AtUnixMs = TimeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
                    Actor = actor,
                    Action = path[(path.TrimEnd('/').LastIndexOf('/') + 1)..].TrimEnd('/'),
                    Target = path,
                    Reason = string.Empty,
                    Outcome = "refused: forbidden: " + detail,
                },
                CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogRefusalNotAudited(Logger, actor, path, ex);
        }
    }

    private bool IsGrpc => Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>A gRPC "trailers-only" answer: HTTP 200 with grpc-status and a percent-encoded grpc-message.</summary>
    private Task GrpcStatusAsync(string grpcStatus, string detail)
    {
        Response.StatusCode = StatusCodes.Status200OK;
        Response.ContentType = "application/grpc";
        Response.Headers["grpc-status"] = grpcStatus;
        Response.Headers["grpc-message"] = Uri.EscapeDataString(detail);
        return Task.CompletedTask;
    }

    private string? PresentedKey() => PresentedKey(Request, adminOptions.Value.HeaderName);

    /// <summary>The key a request presents: the <paramref name="headerName"/> header, else <c>Authorization: ApiKey &lt;key&gt;</c>; null when neither.</summary>
    internal static string? PresentedKey(HttpRequest request, string headerName)
    {
        var header = request.Headers[headerName].ToString();
        if (!string.IsNullOrEmpty(header))
        {
            return header.Trim();
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith(AdminAuthentication.AuthorizationPrefix, StringComparison.OrdinalIgnoreCase)
            ? authorization[AdminAuthentication.AuthorizationPrefix.Length..].Trim()
            : null;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Admin call with an unknown API key from {RemoteAddress} to {Path}")]
    private static partial void LogUnknownKey(ILogger logger, string remoteAddress, PathString path);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "A refused admin call by {Actor} to {Path} could not be written to the audit log")]
    private static partial void LogRefusalNotAudited(ILogger logger, string actor, string path, Exception exception);
}
